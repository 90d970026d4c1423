package org.unitrace.line.gs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.line.gs1.Gs1Assertions.rejects;

import org.junit.jupiter.api.Test;

/**
 * The parser's corrections against GS1's text: cases are derived from the rule each linter states
 * (GS1 General Specifications, ISO 4217, ISO 13616, the coupon guideline), not taken from another
 * implementation's test vectors.
 */
class Gs1LintersTest {

  private static final String SSCC = "(00)106141411234567897";
  private static final String GTIN = "(01)09506000134352";
  private final Gs1Parser parser = Gs1Parser.standard();
  private final Gs1Parser loose = Gs1Parser.standard().withoutAssociationChecks();

  /** {@code p} reads {@code value} as the value of AI {@code ai} when it follows {@code before}. */
  private static void accepts(Gs1Parser p, String before, String ai, String value) {
    assertThat(p.parse(before + "(" + ai + ")" + value).value(ai)).contains(value);
  }

  @Test
  void currencyCodesAreTheCurrentIso4217List() {
    // 927 UYW (Unidad Previsional) and 396 XAD (Arab Accounting Dinar) are current ISO 4217 codes
    accepts(loose, "", "3912", "927100");
    accepts(loose, "", "3932", "396100");
    accepts(loose, "", "3912", "978100");
    // withdrawn: 191 HRK (Croatia joined the euro, 2023), 694 SLL (redenominated to SLE 925),
    // 932 ZWL (replaced by ZWG 924), 040 ATS (Austrian schilling, 2002)
    for (String withdrawn : new String[] {"191", "694", "932", "040"}) {
      rejects(
          loose,
          "(3912)" + withdrawn + "100",
          "AI (3912) at offset 6: " + withdrawn + " is not an ISO 4217 numeric currency code");
    }
  }

  @Test
  void cset64PaddingOnlyAtTheEnd() {
    accepts(parser, SSCC, "8030", "AB=");
    accepts(parser, SSCC, "8030", "A==");
    accepts(parser, SSCC, "8030", "ABCD");
    rejects(
        parser,
        SSCC + "(8030)A=BC",
        "AI (8030) at offset 29: character '=' is not allowed (CSET 64)");
    rejects(
        parser,
        SSCC + "(8030)ABC=",
        "AI (8030) at offset 31: '=' padding (1) is not allowed here: at most two '=' at the end,"
            + " making the length a multiple of 3 (CSET 64)");
    rejects(
        parser,
        SSCC + "(8030)AB===",
        "AI (8030) at offset 30: '=' padding (3) is not allowed here: at most two '=' at the end,"
            + " making the length a multiple of 3 (CSET 64)");
  }

  @Test
  void digitalSignatureNeedsASerialisedKey() {
    rejects(
        parser,
        GTIN + "(8030)ABCD",
        "AI (8030) at offset 24: needs AI (00) or (01)+(21) or (253) or (255) or (8003) or (8004)"
            + " or (8006)+(21) or (8010)+(8011) or (8017) or (8018)");
    assertThat(parser.parse(GTIN + "(21)S1(8030)ABCD").serial()).contains("S1");
    // GDTI (253) is the 13-digit document type plus an optional serial: with (8030) it needs it
    rejects(
        parser,
        "(253)9506000134352(8030)ABCD",
        "AI (253) at offset 5: has no serial component, which a digital signature (8030)"
            + " requires");
    assertThat(parser.parse("(253)9506000134352DOC1(8030)ABCD").value("253"))
        .contains("9506000134352DOC1");
    accepts(parser, "", "253", "9506000134352");
  }

  @Test
  void dayZeroOnlyWhereTheFormatIsYymmd0() {
    assertThat(parser.parse(GTIN + "(17)261200").expiry()).isPresent();
    for (String ai : new String[] {"7006", "7007"}) {
      rejects(
          parser,
          GTIN + "(" + ai + ")261200",
          "AI ("
              + ai
              + ") at offset "
              + (20 + ai.length())
              + ": 261200 is not a valid date (day 00 is allowed only where the format is"
              + " YYMMD0)");
    }
    rejects(
        parser,
        GTIN + "(7003)2612001200",
        "AI (7003) at offset 24: 261200 is not a valid date (day 00 is allowed only where the"
            + " format is YYMMD0)");
    rejects(
        parser,
        GTIN + "(7011)261200",
        "AI (7011) at offset 24: 261200 is not a valid date (day 00 is allowed only where the"
            + " format is YYMMD0)");
    rejects(
        parser,
        GTIN + "(8008)26120012",
        "AI (8008) at offset 24: 261200 is not a valid date (day 00 is allowed only where the"
            + " format is YYMMD0)");
    rejects(
        parser,
        SSCC + "(4326)261200",
        "AI (4326) at offset 28: 261200 is not a valid date (day 00 is allowed only where the"
            + " format is YYMMD0)");
    // the second date of (7007) too
    rejects(
        parser,
        GTIN + "(7007)261201261200",
        "AI (7007) at offset 30: 261200 is not a valid date (day 00 is allowed only where the"
            + " format is YYMMD0)");
  }

  @Test
  void ibanStartsWithACountryCodeAndIsUpperCase() {
    String payTo = "(415)9506000134352(8020)REF1";
    assertThat(parser.parse(payTo + "(8007)GB82WEST12345698765432").value("8007")).isPresent();
    // XX57... passes mod 97 but XX is no ISO 3166 country
    rejects(
        parser,
        payTo + "(8007)XX57WEST12345698765432",
        "AI (8007) at offset 34: XX57WEST12345698765432 is not an IBAN: it must start with an ISO"
            + " 3166 alpha-2 country code");
    rejects(
        parser,
        payTo + "(8007)GB82west12345698765432",
        "AI (8007) at offset 34: GB82west12345698765432 is not an IBAN: country code, 2 check"
            + " digits, then up to 30 digits or upper-case letters");
    rejects(
        parser,
        payTo + "(8007)GB83WEST12345698765432",
        "AI (8007) at offset 34: GB83WEST12345698765432 fails the IBAN check (mod 97)");
  }

  @Test
  void componentSerialMustNotStartWithZeroNotEvenAlone() {
    accepts(parser, "(8010)0614141ABC", "8011", "10");
    rejects(
        parser,
        "(8010)0614141ABC(8011)0",
        "AI (8011) at offset 22: 0 must not start with 0 (and 0 alone is not allowed)");
    rejects(
        parser,
        "(8010)0614141ABC(8011)012",
        "AI (8011) at offset 22: 012 must not start with 0 (and 0 alone is not allowed)");
  }

  @Test
  void companyPrefixPositionsAreDigits() {
    accepts(parser, "", "8004", "0614141ABC");
    rejects(
        parser,
        "(8004)061A41ABC",
        "AI (8004) at offset 6: 061A41ABC: character 4 ('A') is inside the GS1 Company Prefix,"
            + " which is digits");
    rejects(
        parser,
        "(8004)061",
        "AI (8004) at offset 6: 061 is too short for a GS1 Company Prefix (at least 4 digits)");
  }

  @Test
  void packageTypeIsFromTheCodeList() {
    accepts(parser, SSCC, "7041", "BX");
    accepts(parser, SSCC, "7041", "PX");
    rejects(
        parser,
        SSCC + "(7041)QQQ",
        "AI (7041) at offset 28: QQQ is not a GS1 PackageTypeCode (UN/ECE Recommendation 21)");
  }

  @Test
  void northAmericanCouponCodeFieldsAreChecked() {
    // VLI 1 -> 7-digit prefix 0614141, offer 123456, save value VLI 2 "99", 1st purchase VLI 1
    // "1", requirement code 0, family 001
    String base = "10614141123456299110001";
    accepts(loose, "", "8110", base);
    // optional fields: 3 = expiration date, 4 = start date, 5 = serial (VLI 0: 6 digits),
    // 9 = misc (save value code 1, applies to item 0, store flag 0, don't multiply 1)
    String full = base + "3261231" + "4260101" + "5" + "0123456" + "9" + "1001";
    accepts(loose, "", "8110", full);
    rejects(
        loose,
        "(8110)7" + base.substring(1),
        "AI (8110) at offset 6: company prefix VLI '7' is not one of 0,1,2,3,4,5,6");
    rejects(
        loose,
        "(8110)" + base + "3261231" + "4270101",
        "AI (8110) at offset 37: start date 270101 is after the expiration date 261231");
    rejects(
        loose,
        "(8110)" + base + "3261300",
        "AI (8110) at offset 30: expiration date 261300 is not a valid date (month 13)");
    rejects(
        loose,
        "(8110)" + base + "7",
        "AI (8110) at offset 29: unexpected data 7 where an optional field (1-6, 9) or the end"
            + " belongs");
    rejects(
        loose, "(8110)1061414112345", "AI (8110) at offset 14: offer code needs 6 digits, 5 left");
  }

  @Test
  void positiveOfferCouponFieldsAreChecked() {
    // format 1, funder VLI 0 -> 6 digits, offer 123456, serial VLI 0 -> 6 digits
    assertThat(loose.parse("(8112)106141411234560123456").value("8112")).isPresent();
    rejects(
        loose,
        "(8112)206141411234560123456",
        "AI (8112) at offset 6: format code '2' is not one of 0,1");
    rejects(
        loose,
        "(8112)1061414112345601234567",
        "AI (8112) at offset 27: unexpected data 7 after the serial number");
    rejects(
        loose,
        "(8112)10614141123456A",
        "AI (8112) at offset 20: coupon data is digits only, 'A' is not");
  }

  @Test
  void everyLinterTheDictionaryNamesIsImplemented() {
    for (AiDefinition def : Gs1SyntaxDictionary.standard().definitions()) {
      for (Component c : def.components()) {
        for (String linter : c.linters()) {
          assertThat(Linters.isChecked(linter)).as("linter %s of AI %s", linter, def.ai()).isTrue();
        }
      }
    }
    assertThat(Linters.NOT_CHECKED).isEmpty();
  }
}
