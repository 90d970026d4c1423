package org.unitrace.line.gs1;

/** Makes a valid value for any dictionary entry, honouring each component's linters. */
final class Gs1ValueGenerator {

  private Gs1ValueGenerator() {}

  static String validValue(AiDefinition def) {
    StringBuilder sb = new StringBuilder();
    for (Component c : def.components()) {
      sb.append(validComponent(c));
    }
    return sb.toString();
  }

  static String validComponent(Component c) {
    int n = c.minLength() == c.maxLength() ? c.minLength() : Math.min(c.maxLength(), 4);
    for (String linter : c.linters()) {
      String fixed =
          switch (linter) {
            case "yymmdd", "yymmd0" -> "261231";
            case "yyyymmdd" -> "20261231";
            case "hhmi" -> "2359";
            case "hh" -> "23";
            case "mi", "ss" -> "59";
            case "iso3166", "iso3166999" -> "826";
            case "iso3166alpha2" -> "NZ";
            case "iso4217" -> "978";
            case "yesno", "winding", "iso5218" -> "1";
            case "zero" -> "0";
            case "hyphen" -> "-";
            case "pieceoftotal" -> "0102";
            case "posinseqslash" -> "1/2";
            case "mediatype" -> "01";
            case "importeridx" -> "A";
            case "latitude", "longitude" -> "0000000001";
            case "iban" -> "GB82WEST12345698765432";
            case "csumalpha", "hasnondigit" -> c.linters().contains("csumalpha") ? gmn() : null;
            case "packagetype" -> "BX";
            case "couponcode" -> "10614141123456299110001";
            case "couponposoffer" -> "106141411234560123456";
            default -> null;
          };
      if (fixed != null) {
        return fixed;
      }
    }
    char fill = c.set() == CharacterSet.N ? '1' : 'A';
    String body = String.valueOf(fill).repeat(n);
    if (c.linters().contains("gcppos1") && c.set() != CharacterSet.N) {
      body = "1234" + body.substring(Math.min(4, body.length())); // the company prefix is digits
      n = Math.max(n, 4);
    }
    if (c.linters().contains("csum")) {
      body = body.substring(0, n - 1);
      body += Linters.gs1CheckDigit(body);
    }
    return body;
  }

  private static String gmn() {
    String body = "1987654Ad4X4bL5ttr2310c";
    return body + Linters.csumAlphaPair(body);
  }
}
