package org.unitrace.line.gs1;

/** Checks one AI value against its dictionary components: lengths, character set, linters. */
final class ValueChecker {

  private ValueChecker() {}

  static void check(AiDefinition def, String value, int offset) {
    String ai = def.ai();
    if (value.isEmpty()) {
      throw new Gs1ParseException(ai, offset, "value is empty");
    }
    if (value.length() > def.maxLength()) {
      throw new Gs1ParseException(ai, offset, "value exceeds " + def.maxLength() + " characters");
    }
    int pos = 0;
    for (Component c : def.components()) {
      int remaining = value.length() - pos;
      if (remaining == 0 && c.optional()) {
        break;
      }
      if (remaining < c.minLength()) {
        throw new Gs1ParseException(
            ai,
            offset + pos,
            "value is too short: "
                + (pos + remaining)
                + " characters where "
                + (pos + c.minLength())
                + " are needed");
      }
      int take = Math.min(remaining, c.maxLength());
      String part = value.substring(pos, pos + take);
      for (int i = 0; i < part.length(); i++) {
        char ch = part.charAt(i);
        if (!c.set().allows(ch)) {
          throw new Gs1ParseException(
              ai,
              offset + pos + i,
              "character " + describe(ch) + " is not allowed (" + c.set().label() + ")");
        }
      }
      for (String linter : c.linters()) {
        String broken = Linters.check(linter, part);
        if (broken != null) {
          throw new Gs1ParseException(ai, offset + pos, broken);
        }
      }
      pos += take;
    }
    if (pos < value.length()) {
      throw new Gs1ParseException(ai, offset, "value exceeds " + def.maxLength() + " characters");
    }
  }

  private static String describe(char c) {
    return c < 0x21 || c > 0x7e ? String.format("0x%02X", (int) c) : "'" + c + "'";
  }
}
