package org.unitrace.line.serialno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckCharactersTest {

  @Test
  void gs1Mod10MatchesTheGs1Example() {
    assertThat(CheckCharacters.GS1_MOD10.compute("950600013435")).isEqualTo('2');
  }

  @Test
  void luhnMatchesThePublishedExample() {
    assertThat(CheckCharacters.LUHN.compute("7992739871")).isEqualTo('3');
  }

  @Test
  void mod37Of36MatchesTheGridExample() {
    // GRid A1-2425G-ABC1234002-M (IFPI Global Release Identifier, ISO/IEC 7064 MOD 37-36)
    assertThat(CheckCharacters.MOD37_36.compute("A12425GABC1234002")).isEqualTo('M');
  }

  @Test
  void vinCheckDigitMatchesThePublishedVin() {
    assertThat(CheckCharacters.vinCheckDigit("1M8GDM9AXKP042788")).isEqualTo('X');
    assertThat(CheckCharacters.vinCheckDigit("11111111111111111")).isEqualTo('1');
  }

  @Test
  void vinMod11WritesTenAsX() {
    String data = "1M8GDM9A";
    char c = CheckCharacters.VIN_MOD11.compute(data);
    assertThat("0123456789X").contains(String.valueOf(c));
    assertThatThrownBy(() -> CheckCharacters.VIN_MOD11.compute("AI1"))
        .hasMessage(
            "character 'I' at offset 1 cannot be checked (0-9 and A-Z without I, O, Q only)");
  }

  @Test
  void digitAlgorithmsRefuseLettersNamingTheOffset() {
    assertThatThrownBy(() -> CheckCharacters.LUHN.compute("12A4"))
        .hasMessage("character 'A' at offset 2 cannot be checked (digits only)");
  }

  @Test
  void mod37Of36DetectsEverySingleSubstitution() {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    String data = "AKL01260332000421";
    char check = CheckCharacters.MOD37_36.compute(data);
    for (int i = 0; i < data.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c != data.charAt(i)) {
          String changed = data.substring(0, i) + c + data.substring(i + 1);
          assertThat(CheckCharacters.MOD37_36.compute(changed)).as(changed).isNotEqualTo(check);
        }
      }
    }
  }
}
