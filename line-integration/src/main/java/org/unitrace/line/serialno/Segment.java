package org.unitrace.line.serialno;

import java.util.Locale;

/**
 * One piece of a serial template: literal text, a context code, a date code, the sequence or the
 * check.
 */
record Segment(Kind kind, String text, int width, int radix, Reset reset, CheckCharacters check) {

  enum Kind {
    LITERAL,
    SITE,
    LINE,
    STATION,
    SHIFT,
    YY,
    YYYY,
    DDD,
    YYDDD,
    WW,
    YYWW,
    MONTH,
    MM,
    DD,
    SEQ,
    CHECK;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** When the sequence starts again from its first value. */
  enum Reset {
    NEVER,
    DAILY,
    SHIFT,
    WEEKLY,
    MONTHLY,
    YEARLY
  }

  static Segment literal(String text) {
    return new Segment(Kind.LITERAL, text, text.length(), 0, null, null);
  }

  boolean variable() {
    return width < 0;
  }

  /** Parses the inside of one {@code {...}} placeholder. */
  static Segment placeholder(String body) {
    String[] p = body.split(":");
    String name = p[0].toLowerCase(Locale.ROOT);
    switch (name) {
      case "site", "line", "station", "shift" -> {
        int width = p.length > 1 ? positive(p[1], body) : -1;
        return new Segment(Kind.valueOf(name.toUpperCase(Locale.ROOT)), body, width, 0, null, null);
      }
      case "yy", "mm", "dd", "ww" -> {
        return fixed(name, 2);
      }
      case "yyyy", "yyww" -> {
        return fixed(name, 4);
      }
      case "ddd" -> {
        return fixed(name, 3);
      }
      case "yyddd" -> {
        return fixed(name, 5);
      }
      case "month" -> {
        return fixed(name, 1);
      }
      case "seq", "seq36" -> {
        if (p.length < 2) {
          throw new IllegalArgumentException("{" + body + "} needs a width, e.g. {" + name + ":5}");
        }
        Reset reset = p.length > 2 ? Reset.valueOf(p[2].toUpperCase(Locale.ROOT)) : Reset.NEVER;
        return new Segment(
            Kind.SEQ, body, positive(p[1], body), name.equals("seq") ? 10 : 36, reset, null);
      }
      case "check" -> {
        if (p.length != 2) {
          throw new IllegalArgumentException(
              "{" + body + "} needs an algorithm, e.g. {check:mod37-36}");
        }
        return new Segment(Kind.CHECK, body, 1, 0, null, CheckCharacters.byName(p[1]));
      }
      default -> throw new IllegalArgumentException("unknown placeholder {" + body + "}");
    }
  }

  private static Segment fixed(String name, int width) {
    return new Segment(Kind.valueOf(name.toUpperCase(Locale.ROOT)), name, width, 0, null, null);
  }

  private static int positive(String s, String body) {
    int n = Integer.parseInt(s);
    if (n < 1) {
      throw new IllegalArgumentException("width in {" + body + "} must be at least 1");
    }
    return n;
  }
}
