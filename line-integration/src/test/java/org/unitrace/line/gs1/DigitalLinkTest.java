package org.unitrace.line.gs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unitrace.line.gs1.Gs1Assertions.rejects;

import org.junit.jupiter.api.Test;

/**
 * GS1 Digital Link parsing and generation, with the URIs the GS1 Digital Link standard (URI syntax,
 * release 1.2 onwards) uses as its examples and the rules its text states.
 */
class DigitalLinkTest {

  private final Gs1Parser parser = Gs1Parser.standard();

  @Test
  void gtinOnTheCanonicalResolverIsTheSameAsTheElementString() {
    assertThat(parser.parse("https://id.gs1.org/01/09520123456788"))
        .isEqualTo(parser.parse("(01)09520123456788"));
  }

  @Test
  void keyQualifiersAndDataAttributesGiveTheSameElementStringsAsTheBarcode() {
    Gs1ElementString s =
        parser.parse("https://example.com/01/09520123456788/10/ABC123/21/12345?17=180426");
    assertThat(s.toBracketed()).isEqualTo("(01)09520123456788(10)ABC123(21)12345(17)180426");
    assertThat(s.gtin()).contains("09520123456788");
    assertThat(s.lot()).contains("ABC123");
    assertThat(s.serial()).contains("12345");
  }

  @Test
  void anyDomainAndPathPrefixAreAccepted() {
    String expected = "(01)09520123456788(22)2A(10)ABC123(21)12345";
    assertThat(
            parser
                .parse(
                    "https://brand.example.com/some/path/01/09520123456788/22/2A/10/ABC123/21/12345")
                .toBracketed())
        .isEqualTo(expected);
    assertThat(parser.parse("HTTP://example.com:8080/01/09520123456788/22/2A/10/ABC123/21/12345"))
        .isEqualTo(parser.parse(expected));
  }

  @Test
  void percentEncodedValuesAreDecoded() {
    Gs1ElementString s = parser.parse("https://example.com/414/9520123456788/254/32a%2Fb");
    assertThat(s.value("254")).contains("32a/b");
    assertThat(parser.parse("https://id.gs1.org/01/09520123456788/21/A%28B%2B1").serial())
        .contains("A(B+1");
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788/21/AB%2",
        "AI (21) at offset 42: '%' is not followed by two hex digits");
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788/21/AB%00",
        "AI (21) at offset 42: %00 (NUL) is not allowed");
  }

  @Test
  void qualifiersOutOfOrderOrNotListedForTheKeyAreRejected() {
    // dlpkey=22,10,21|235 for (01): /10/ then /22/ is the standard's own "bad order" example
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788/10/ABC/22/2A",
        "AI (22) at offset 47: is not a key qualifier of (01) here: it takes /22/../10/../21/.."
            + " or /235/.., each at most once and in that order");
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788/22/2A/10/ABC/235/X1",
        "AI (235) at offset 54: is not a key qualifier of (01) here: it takes /22/../10/../21/.."
            + " or /235/.., each at most once and in that order");
    assertThat(parser.parse("https://id.gs1.org/01/09520123456788/235/X1").value("235"))
        .contains("X1");
    // (00) SSCC is a bare dlpkey: no qualifiers
    rejects(
        parser,
        "https://id.gs1.org/00/095201234567891235/10/ABC",
        "AI (10) at offset 44: is not a key qualifier of (00) here: (00) takes no key qualifiers");
    rejects(
        parser,
        "https://id.gs1.org/gtin/09520123456788",
        "no GS1 primary key in the path /gtin/09520123456788 (it must end in /{key"
            + " AI}/{value}[/{qualifier AI}/{value}...], e.g. /01/09506000134352) at offset 18");
  }

  @Test
  void dataAttributesMustBeFlaggedAndNotBelongInThePath() {
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788?10=ABC",
        "AI (10) at offset 40: is a key qualifier of (01) and belongs in the path, not the query");
    // (21) has no '?' flag: it is a qualifier, never an attribute
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788/10/ABC?21=1",
        "AI (21) at offset 47: is not permitted as a GS1 Digital Link data attribute (query)");
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788?17=261231&17=261231",
        "AI (17) at offset 50: appears twice in the URI (first at offset 40)");
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788?9999=1",
        "unknown AI 9999 in the query at offset 37");
  }

  @Test
  void nonGs1QueryParametersAndTheFragmentAreIgnored() {
    Gs1ElementString s =
        parser.parse("https://id.gs1.org/01/09520123456788?utm_source=x&flag&3103=000195#top");
    assertThat(s.toBracketed()).isEqualTo("(01)09520123456788(3103)000195");
  }

  @Test
  void valuesAreCheckedAsInAnyElementString() {
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456789",
        "AI (01) at offset 22: check digit 9 is wrong, expected 8");
    rejects(
        parser,
        "https://id.gs1.org/01/09520123456788?17=261340",
        "AI (17) at offset 40: 261340 is not a valid date (month 13)");
    rejects(
        parser, "https://id.gs1.org/01/09520123456788/21/", "AI (21) at offset 40: value is empty");
    rejects(
        parser,
        "https://id.gs1.org/01/0952012345678 8",
        "character 0x20 is not allowed in a URI at offset 35");
  }

  @Test
  void symbologyIdentifierOfAQrCodeIsStripped() {
    assertThat(parser.parse("]Q1https://id.gs1.org/01/09520123456788/21/S1").serial())
        .contains("S1");
  }

  @Test
  void generatesTheCanonicalUriFromGtinAndSerial() {
    assertThat(DigitalLink.of("09520123456788", "12345").uri())
        .isEqualTo("https://id.gs1.org/01/09520123456788/21/12345");
    assertThat(
            DigitalLink.of("9520123456788", "A/B 1".replace(" ", ""))
                .withDomain("https://id.example.com/")
                .uri())
        .isEqualTo("https://id.example.com/01/09520123456788/21/A%2FB1");
  }

  @Test
  void generationPutsQualifiersInTheDictionaryOrderAndAttributesFixedLengthFirst() {
    Gs1ElementString s =
        parser.parse("(01)09520123456788(21)12345(10)ABC123(3103)000195(17)180426");
    String uri = DigitalLink.from(s).withDomain("https://example.com").uri();
    assertThat(uri)
        .isEqualTo(
            "https://example.com/01/09520123456788/10/ABC123/21/12345?3103=000195&17=180426");
    assertThat(DigitalLink.parse(uri).elements()).containsExactlyInAnyOrderElementsOf(s.elements());
  }

  @Test
  void generationRoundTripsEveryEscapedCharacter() {
    DigitalLink link = DigitalLink.of("09520123456788", "a!\"%&'()*+,-./:;<=>?");
    assertThat(link.uri())
        .isEqualTo(
            "https://id.gs1.org/01/09520123456788/21/"
                + "a%21%22%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F");
    assertThat(DigitalLink.parse(link.uri()).serial()).contains("a!\"%&'()*+,-./:;<=>?");
  }

  @Test
  void generationNeedsAPrimaryKeyAndRejectsBadInput() {
    assertThatThrownBy(() -> DigitalLink.of("09520123456789", "1"))
        .hasMessage("GTIN 09520123456789: check digit (digit 14) is 9, expected 8");
    assertThatThrownBy(() -> DigitalLink.of("09520123456788", "bad serial"))
        .isInstanceOf(Gs1ParseException.class);
    assertThatThrownBy(() -> DigitalLink.of("09520123456788").withDomain("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DigitalLink.from(parser.parse("(00)095201234567891235")).uri())
        .isEqualTo("https://id.gs1.org/00/095201234567891235");
  }

  @Test
  void eachPrimaryKeyTakesOnlyItsOwnQualifiers() {
    // (414) GLN: dlpkey=254|7040
    assertThat(parser.parse("https://example.com/414/9520123456788/254/32a%2Fb").value("254"))
        .contains("32a/b");
    rejects(
        parser,
        "https://example.com/414/9520123456788/254/1/7040/1ABC",
        "AI (7040) at offset 49: is not a key qualifier of (414) here: it takes /254/.. or"
            + " /7040/.., each at most once and in that order");
    // (8004) GIAI: dlpkey=7040
    assertThat(parser.parse("https://example.com/8004/0614141ABC/7040/1ABC").value("7040"))
        .contains("1ABC");
  }

  @Test
  void aGtinInThePathHasAll14Digits() {
    rejects(
        parser,
        "https://id.gs1.org/01/9520123456788",
        "AI (01) at offset 22: value is too short: 13 characters where 14 are needed");
  }

  @Test
  void generationRefusesAnAiThatCannotBeADataAttribute() {
    DigitalLink link = DigitalLink.of("09520123456788").with("8200", "https://example.com/x");
    assertThatThrownBy(link::uri)
        .hasMessage("AI (8200) PRODUCT URL is not permitted as a GS1 Digital Link data attribute");
  }
}
