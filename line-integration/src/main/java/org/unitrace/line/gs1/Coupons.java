package org.unitrace.line.gs1;

import java.util.function.Consumer;

/**
 * The two coupon AIs of the GS1 General Specifications (section 3.9.11 and the GS1 US North
 * American Coupon Application Guideline they refer to): (8110), the coupon code of the North
 * American coupon, and (8112), the paperless positive-offer coupon. Both are strings of digits made
 * of fields, most preceded by a one-digit length indicator (VLI); a field's VLI gives its length,
 * for company prefixes and serials as VLI + 6.
 */
final class Coupons {

  private Coupons() {}

  /** Walks the fields of one coupon value, failing at the first broken one. */
  private static final class Reader {
    private final String d;
    private int p;

    Reader(String d) {
      this.d = d;
    }

    boolean more() {
      return p < d.length();
    }

    char peek() {
      return d.charAt(p);
    }

    /** One digit, which must be in {@code allowed}. */
    int digit(String field, String allowed) {
      if (p >= d.length()) {
        throw new Fault(d.length(), field + " is missing");
      }
      char c = d.charAt(p);
      if (allowed.indexOf(c) < 0) {
        throw new Fault(
            p, field + " '" + c + "' is not one of " + String.join(",", allowed.split("")));
      }
      p++;
      return c - '0';
    }

    String take(String field, int length) {
      if (d.length() - p < length) {
        throw new Fault(p, field + " needs " + length + " digits, " + (d.length() - p) + " left");
      }
      String s = d.substring(p, p + length);
      p += length;
      return s;
    }

    void companyPrefix(String field, int length) {
      int at = p;
      String gcp = take(field, length);
      String broken = Linters.gcp(gcp, 0);
      if (broken != null) {
        throw new Fault(at, field + " " + broken);
      }
    }

    void date(String field) {
      int at = p;
      String date = take(field, 6);
      Linters.Lint broken = Linters.check("yymmdd", date);
      if (broken != null) {
        throw new Fault(at, field + " " + broken.rule());
      }
    }
  }

  private static final class Fault extends RuntimeException {
    final int position;

    Fault(int position, String message) {
      super(message, null, false, false);
      this.position = position;
    }
  }

  private static Linters.Lint digitsOnly(String d) {
    for (int i = 0; i < d.length(); i++) {
      if (d.charAt(i) < '0' || d.charAt(i) > '9') {
        return new Linters.Lint(i, "coupon data is digits only, '" + d.charAt(i) + "' is not");
      }
    }
    return null;
  }

  /** (8110): the North American coupon code. */
  static Linters.Lint couponCode(String d) {
    return check(
        d,
        r -> {
          r.companyPrefix("company prefix", r.digit("company prefix VLI", "0123456") + 6);
          r.take("offer code", 6);
          r.take("save value", r.digit("save value VLI", "12345"));
          purchase(r, "1st purchase");
          if (r.more() && r.peek() == '1') {
            r.p++;
            r.digit("additional purchase rules code", "0123");
            purchase(r, "2nd purchase");
            optionalPrefix(r, "2nd purchase company prefix");
          }
          if (r.more() && r.peek() == '2') {
            r.p++;
            purchase(r, "3rd purchase");
            optionalPrefix(r, "3rd purchase company prefix");
          }
          String expiry = null;
          if (r.more() && r.peek() == '3') {
            r.p++;
            expiry = d.substring(r.p, Math.min(d.length(), r.p + 6));
            r.date("expiration date");
          }
          if (r.more() && r.peek() == '4') {
            r.p++;
            int at = r.p;
            r.date("start date");
            String start = d.substring(at, at + 6);
            if (expiry != null && start.compareTo(expiry) > 0) {
              throw new Fault(
                  at, "start date " + start + " is after the expiration date " + expiry);
            }
          }
          if (r.more() && r.peek() == '5') {
            r.p++;
            r.take("serial number", r.digit("serial number VLI", "0123456789") + 6);
          }
          if (r.more() && r.peek() == '6') {
            r.p++;
            r.companyPrefix(
                "retailer company prefix or GLN", r.digit("retailer VLI", "1234567") + 6);
          }
          if (r.more() && r.peek() == '9') {
            r.p++;
            r.digit("save value code", "01256");
            r.digit("save value applies to item", "012");
            r.digit("store coupon flag", "0123456789");
            r.digit("don't multiply flag", "01");
          }
        },
        "where an optional field (1-6, 9) or the end belongs");
  }

  private static void purchase(Reader r, String which) {
    r.take(which + " requirement", r.digit(which + " requirement VLI", "12345"));
    r.digit(which + " requirement code", "012349");
    r.take(which + " family code", 3);
  }

  /** A company prefix whose VLI 9 means "none". */
  private static void optionalPrefix(Reader r, String field) {
    int vli = r.digit(field + " VLI", "01234569");
    if (vli != 9) {
      r.companyPrefix(field, vli + 6);
    }
  }

  /** (8112): the paperless coupon positive offer. */
  static Linters.Lint positiveOffer(String d) {
    return check(
        d,
        r -> {
          r.digit("format code", "01");
          r.take("funder ID", r.digit("funder VLI", "0123456") + 6);
          r.take("offer code", 6);
          r.take("serial number", r.digit("serial number VLI", "0123456789") + 6);
        },
        "after the serial number");
  }

  /**
   * A coupon value's first broken rule, or null: digits only, then its fields as {@code fields}
   * walks them, failing with a {@link Fault} at the first broken one, then nothing more.
   *
   * @param end where data left after the fields is, for the message
   */
  private static Linters.Lint check(String d, Consumer<Reader> fields, String end) {
    Linters.Lint nonDigit = digitsOnly(d);
    if (nonDigit != null) {
      return nonDigit;
    }
    Reader r = new Reader(d);
    try {
      fields.accept(r);
      if (r.more()) {
        throw new Fault(r.p, "unexpected data " + d.substring(r.p) + " " + end);
      }
      return null;
    } catch (Fault f) {
      return new Linters.Lint(f.position, f.getMessage());
    }
  }
}
