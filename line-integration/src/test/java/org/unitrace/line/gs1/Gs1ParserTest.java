package org.unitrace.line.gs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unitrace.line.gs1.Gs1Assertions.rejects;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class Gs1ParserTest {

  private static final String GS = "\u001D";
  private final Gs1Parser parser = Gs1Parser.standard();

  @Test
  void bracketedFormGivesGtinExpiryLotAndSerial() {
    Gs1ElementString s = parser.parse("(01)09506000134352(17)261231(10)ABC123(21)S001");
    assertThat(s.gtin()).contains("09506000134352");
    assertThat(s.expiry()).contains(LocalDate.of(2026, 12, 31));
    assertThat(s.lot()).contains("ABC123");
    assertThat(s.serial()).contains("S001");
    assertThat(s.elements().get(1)).isEqualTo(new ElementValue("17", "USE BY or EXPIRY", "261231"));
  }

  @Test
  void rawFormNeedsSeparatorsOnlyAfterVariableLengthValues() {
    String raw = "]d2" + "01095060001343521726123110ABC123" + GS + "21S001";
    Gs1ElementString s = parser.parse(raw);
    assertThat(s.toBracketed()).isEqualTo("(01)09506000134352(17)261231(10)ABC123(21)S001");
    assertThat(s.toGsSeparated()).isEqualTo(raw.substring(3));
    assertThat(parser.parse(s.toGsSeparated())).isEqualTo(s);
  }

  @Test
  void separatorAfterAPredefinedLengthValueIsTolerated() {
    assertThat(parser.parse("0109506000134352" + GS + "10LOT7").lot()).contains("LOT7");
  }

  @Test
  void wrongCheckDigitNamesAiOffsetAndExpectedDigit() {
    rejects(
        parser, "(01)09506000134353", "AI (01) at offset 4: check digit 3 is wrong, expected 2");
    rejects(
        parser,
        "]C1" + "0109506000134353",
        "AI (01) at offset 5: check digit 3 is wrong, expected 2");
  }

  @Test
  void impossibleDatesAreRejected() {
    rejects(
        parser,
        "(01)09506000134352(17)261340",
        "AI (17) at offset 22: 261340 is not a valid date (month 13)");
    rejects(
        parser,
        "(01)09506000134352(11)260230",
        "AI (11) at offset 22: 260230 is not a valid date (day 30)");
  }

  @Test
  void dayZeroMeansTheLastDayOfTheMonth() {
    assertThat(parser.parse("(01)09506000134352(17)260200").expiry())
        .contains(LocalDate.of(2026, 2, 28));
  }

  @Test
  void unknownAiIsReportedWithItsOffset() {
    rejects(parser, "1A2345", "unknown AI 1A23 at offset 0");
    rejects(parser, "(01)09506000134352(2A)X", "unknown AI 2A at offset 18");
  }

  @Test
  void overlongVariableValueIsRejected() {
    rejects(
        parser,
        "(01)09506000134352(10)" + "A".repeat(21),
        "AI (10) at offset 22: value exceeds 20 characters");
  }

  @Test
  void charactersOutsideTheCharacterSetsAreRejectedAtTheirOffset() {
    rejects(
        parser,
        "(01)09506000134352(10)AB#",
        "AI (10) at offset 24: character '#' is not allowed (CSET 82)");
    rejects(
        parser,
        "(01)0950600013435X",
        "AI (01) at offset 17: character 'X' is not allowed (numeric)");
    rejects(parser, "(8010)abc", "AI (8010) at offset 6: character 'a' is not allowed (CSET 39)");
  }

  @Test
  void truncatedPredefinedLengthValueIsRejected() {
    rejects(parser, "01095060001343", "AI (01) at offset 2: value has 12 characters, needs 14");
  }

  @Test
  void mandatoryAssociationsAndInvalidPairingsComeFromTheDictionary() {
    rejects(
        parser,
        "(10)ABC",
        "AI (10) at offset 4: needs AI (01) or (02) or (03) or (8006) or (8026)");
    rejects(
        parser,
        "(01)09506000134352(02)09506000134352",
        "AI (02) at offset 22: must not appear together with AI (01)");
    rejects(
        parser,
        "(01)09506000134352(3103)001250(3102)012500",
        "AI (3103) at offset 24: must not appear together with AI (3102)");
    rejects(parser, "(7004)12", "AI (7004) at offset 6: needs AI (01)+(10)");
    assertThat(parser.withoutAssociationChecks().parse("(10)ABC").lot()).contains("ABC");
  }

  @Test
  void repeatedAiWithDifferentValuesIsRejected() {
    rejects(
        parser,
        "(01)09506000134352(10)A(10)B",
        "AI (10) at offset 27: repeated with value B, first seen as A at offset 22");
  }

  @Test
  void ssccAndContentWithCountAreRead() {
    Gs1ElementString s = parser.parse("(00)106141411234567897(02)09506000134352(37)24");
    assertThat(s.sscc()).contains("106141411234567897");
    assertThat(s.gtin()).contains("09506000134352");
    assertThat(s.count()).contains(24L);
    rejects(
        parser,
        "(00)106141411234567890",
        "AI (00) at offset 4: check digit 0 is wrong, expected 7");
  }

  @Test
  void decimalMeasuresUseTheLastAiDigitAsDecimals() {
    Gs1ElementString s = parser.parse("(01)09506000134352(3103)001250");
    assertThat(s.measure("3103")).contains(new BigDecimal("1.250"));
    rejects(
        parser,
        "(01)09506000134352(3103)00125",
        "AI (3103) at offset 24: value is too short: 5 characters where 6 are needed");
  }

  @Test
  void additionalIdsCustomerPartAndSecondarySerialNeedTheirAssociations() {
    rejects(
        parser,
        "(01)09506000134352(21)S1(240)ADD-1(241)CUST/PN 7",
        "AI (241) at offset 46: character 0x20 is not allowed (CSET 82)");
    Gs1ElementString ok =
        parser.parse("(01)09506000134352(21)S1(240)ADD-1(241)CUST/PN7(250)SEC1(251)SRC9");
    assertThat(ok.value("241")).contains("CUST/PN7");
    rejects(parser, "(01)09506000134352(250)SEC1", "AI (250) at offset 23: needs AI (21)");
  }

  @Test
  void internalAis90To99TakeAnyCset82Text() {
    Gs1ElementString s = parser.parse("(90)LINE-1(91)" + "x".repeat(90) + "(99)A\\(B");
    assertThat(s.value("91")).contains("x".repeat(90));
    rejects(parser, "(92)" + "x".repeat(91), "AI (92) at offset 4: value exceeds 90 characters");
  }

  @Test
  void escapedParenthesisRoundTripsInTheBracketedForm() {
    Gs1ElementString s = parser.parse("(90)A\\(B)");
    assertThat(s.value("90")).contains("A(B)");
    assertThat(s.toBracketed()).isEqualTo("(90)A\\(B)");
  }

  @Test
  void countryCurrencyAndPercentEncodingLintersApply() {
    assertThat(parser.parse("(01)09506000134352(422)826").value("422")).contains("826");
    rejects(
        parser,
        "(01)09506000134352(422)827",
        "AI (422) at offset 23: 827 is not an ISO 3166 numeric country code");
    assertThatThrownBy(() -> parser.withoutAssociationChecks().parse("(3912)001100"))
        .hasMessage("AI (3912) at offset 6: 001 is not an ISO 4217 numeric currency code");
    rejects(
        parser,
        "(00)106141411234567897(4300)ACME%2",
        "AI (4300) at offset 28: '%' at position 5 is not followed by two hex digits");
  }

  @Test
  void alphanumericCheckPairMatchesTheGs1Example() {
    assertThat(parser.parse("(8013)1987654Ad4X4bL5ttr2310c2K").value("8013")).isPresent();
    rejects(
        parser,
        "(8013)1987654Ad4X4bL5ttr2310c2L",
        "AI (8013) at offset 6: check characters 2L are wrong, expected 2K");
  }

  @Test
  void symbologyIdentifierIsStrippedAndReported() {
    SymbologyIdentifier.Scanned scanned = SymbologyIdentifier.strip("]Q3" + "0109506000134352");
    assertThat(scanned.symbology()).contains(new SymbologyIdentifier("]Q3"));
    assertThat(scanned.symbology().orElseThrow().isGs1()).isTrue();
    assertThat(scanned.data()).isEqualTo("0109506000134352");
    assertThat(SymbologyIdentifier.strip("ABC").symbology()).isEmpty();
    assertThat(new SymbologyIdentifier("]C0").isGs1()).isFalse();
  }

  @Test
  void emptyInputIsRejected() {
    rejects(parser, "", "empty GS1 data at offset 0");
    rejects(parser, "]d2", "no AI in GS1 data at offset 3");
  }
}
