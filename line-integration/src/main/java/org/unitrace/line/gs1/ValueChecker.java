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
      int unpadded = part.length();
      if (c.set() == CharacterSet.Z) {
        unpadded = base64Padding(ai, part, offset + pos);
      }
      for (int i = 0; i < unpadded; i++) {
        char ch = part.charAt(i);
        if (!c.set().allows(ch)) {
          throw new Gs1ParseException(
              ai,
              offset + pos + i,
              "character " + describe(ch) + " is not allowed (" + c.set().label() + ")");
        }
      }
      for (String linter : c.linters()) {
        Linters.Lint broken = Linters.check(linter, part);
        if (broken != null) {
          throw new Gs1ParseException(ai, offset + pos + broken.position(), broken.rule());
        }
      }
      pos += take;
    }
    if (pos < value.length()) {
      throw new Gs1ParseException(ai, offset, "value exceeds " + def.maxLength() + " characters");
    }
  }

  /**
   * CSET 64 is base64url: '=' is only padding at the very end, at most two of them, and only on
   * data whose length (padding included) is a multiple of 3, as GS1's syntax rules read it. Returns
   * the length without the padding.
   */
  private static int base64Padding(String ai, String part, int offset) {
    int pads = 0;
    while (pads < part.length() && part.charAt(part.length() - 1 - pads) == '=') {
      pads++;
    }
    if (pads > 2 || (pads > 0 && part.length() % 3 != 0)) {
      throw new Gs1ParseException(
          ai,
          offset + part.length() - pads,
          "'=' padding ("
              + pads
              + ") is not allowed here: at most two '=' at the end, making the length a multiple"
              + " of 3 (CSET 64)");
    }
    return part.length() - pads;
  }

  private static String describe(char c) {
    return c < 0x21 || c > 0x7e ? String.format("0x%02X", (int) c) : "'" + c + "'";
  }
}
