package org.unitrace.line.gs1;

/**
 * Global Trade Item Numbers as people type them: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) or
 * GTIN-14, normalised to the 14 digits GS1 element strings and Digital Link URIs carry.
 */
public final class Gtin {

  private Gtin() {}

  /**
   * The 14-digit form of {@code gtin}, padded with leading zeros.
   *
   * @throws IllegalArgumentException saying which character or check digit is wrong
   */
  public static String normalize(String gtin) {
    if (gtin == null || gtin.isBlank()) {
      throw new IllegalArgumentException("GTIN is empty");
    }
    String g = gtin.strip();
    for (int i = 0; i < g.length(); i++) {
      if (g.charAt(i) < '0' || g.charAt(i) > '9') {
        throw new IllegalArgumentException(
            "GTIN " + g + ": character " + (i + 1) + " ('" + g.charAt(i) + "') is not a digit");
      }
    }
    if (g.length() != 8 && g.length() != 12 && g.length() != 13 && g.length() != 14) {
      throw new IllegalArgumentException(
          "GTIN " + g + " has " + g.length() + " digits; a GTIN has 8, 12, 13 or 14");
    }
    int expected = Linters.gs1CheckDigit(g.substring(0, g.length() - 1));
    int actual = g.charAt(g.length() - 1) - '0';
    if (actual != expected) {
      throw new IllegalArgumentException(
          "GTIN "
              + g
              + ": check digit (digit "
              + g.length()
              + ") is "
              + actual
              + ", expected "
              + expected);
    }
    return "0".repeat(14 - g.length()) + g;
  }

  /** The GS1 mod-10 check digit for {@code body} (the digits before the check digit). */
  public static int checkDigit(String body) {
    return Linters.gs1CheckDigit(body);
  }
}
