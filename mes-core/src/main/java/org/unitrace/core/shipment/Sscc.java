package org.unitrace.core.shipment;

import java.util.regex.Pattern;

/** GS1 Serial Shipping Container Code: 18 digits, the last a mod-10 check digit. */
final class Sscc {

  private static final Pattern DIGITS = Pattern.compile("\\d{18}");

  private Sscc() {}

  /** Null when valid, else what is wrong with it. */
  static String problem(String sscc) {
    if (!DIGITS.matcher(sscc).matches()) {
      return "SSCC '%s' must be 18 digits, has %d characters".formatted(sscc, sscc.length());
    }
    int expected = checkDigit(sscc.substring(0, 17));
    int actual = sscc.charAt(17) - '0';
    return expected == actual
        ? null
        : "SSCC '%s' has check digit %d, expected %d".formatted(sscc, actual, expected);
  }

  static int checkDigit(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      sum += d * (i % 2 == 0 ? 3 : 1);
    }
    return (10 - sum % 10) % 10;
  }
}
