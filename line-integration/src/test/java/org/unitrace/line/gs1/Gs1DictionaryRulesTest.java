package org.unitrace.line.gs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated from every entry of the shipped dictionary, so a new release is tested as it lands. */
class Gs1DictionaryRulesTest {

  private final Gs1SyntaxDictionary dictionary = Gs1SyntaxDictionary.standard();
  private final Gs1Parser parser = Gs1Parser.over(dictionary).withoutAssociationChecks();

  @Test
  void dictionaryLoadsEveryEntryWithItsRanges() {
    assertThat(dictionary.definitions()).hasSizeGreaterThan(500);
    assertThat(dictionary.knows("3105")).isTrue();
    assertThat(dictionary.knows("3106")).isFalse();
    assertThat(dictionary.knows("95")).isTrue();
    assertThat(dictionary.title("10")).isEqualTo("BATCH/LOT");
    assertThat(dictionary.definition("01").orElseThrow().predefinedLength()).isTrue();
    assertThat(dictionary.definition("10").orElseThrow().predefinedLength()).isFalse();
  }

  @Test
  void everyLinterTheDictionaryNamesIsCheckedOrDeliberatelyNotChecked() {
    for (AiDefinition def : dictionary.definitions()) {
      for (Component c : def.components()) {
        for (String linter : c.linters()) {
          assertThat(Linters.isChecked(linter) || Linters.NOT_CHECKED.contains(linter))
              .as("linter %s of AI %s", linter, def.ai())
              .isTrue();
        }
      }
    }
  }

  @Test
  void everyAiAcceptsAGeneratedValidValueInBothForms() {
    for (AiDefinition def : dictionary.definitions()) {
      String value = Gs1ValueGenerator.validValue(def);
      try {
        Gs1ElementString bracketed = parser.parse("(" + def.ai() + ")" + value);
        assertThat(bracketed.value(def.ai())).contains(value);
        Gs1ElementString raw = parser.parse("]d2" + def.ai() + value);
        assertThat(raw).isEqualTo(bracketed);
      } catch (Gs1ParseException e) {
        fail("AI " + def.ai() + " rejected generated value " + value + ": " + e.getMessage());
      }
    }
  }

  @Test
  void everyAiRejectsAValueOneCharacterTooLong() {
    for (AiDefinition def : dictionary.definitions()) {
      String value = Gs1ValueGenerator.validValue(def);
      String tooLong = value + "1".repeat(def.maxLength() - value.length() + 1);
      assertThatThrownBy(() -> parser.parse("(" + def.ai() + ")" + tooLong))
          .as("AI %s with %s", def.ai(), tooLong)
          .isInstanceOfSatisfying(
              Gs1ParseException.class,
              e -> {
                assertThat(e.ai()).isEqualTo(def.ai());
                assertThat(e.rule()).isEqualTo("value exceeds " + def.maxLength() + " characters");
              });
    }
  }

  @Test
  void everyAiRejectsACharacterOutsideItsCharacterSet() {
    List<String> accepted = new ArrayList<>();
    for (AiDefinition def : dictionary.definitions()) {
      Component first = def.components().get(0);
      String bad =
          switch (first.set()) {
            case N -> "A";
            case X -> "#";
            case Y -> "a";
            case Z -> "!";
          };
      String value = Gs1ValueGenerator.validValue(def);
      String broken = bad + value.substring(1);
      int offset = 2 + def.ai().length();
      try {
        parser.parse("(" + def.ai() + ")" + broken);
        accepted.add(def.ai());
      } catch (Gs1ParseException e) {
        assertThat(e.offset()).as("AI %s", def.ai()).isEqualTo(offset);
        assertThat(e.rule()).contains("is not allowed", first.set().label());
      }
    }
    assertThat(accepted).isEmpty();
  }
}
