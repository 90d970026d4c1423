package org.unitrace.line.serialno;

import java.util.Locale;

/**
 * The check-character algorithms a template may end with. Each computes the character that follows
 * {@code data}; each throws {@link IllegalArgumentException} for a character it cannot weigh,
 * naming it and its offset.
 */
public enum CheckCharacters {
  /** GS1 mod 10 (weights 3,1 from the right), digits only. */
  GS1_MOD10("gs1-mod10") {
    @Override
    public char compute(String data) {
      digitsOnly(data);
      int sum = 0;
      for (int i = data.length() - 1, w = 3; i >= 0; i--, w = 4 - w) {
        sum += (data.charAt(i) - '0') * w;
      }
      return (char) ('0' + (10 - sum % 10) % 10);
    }
  },
  /** Luhn (ISO/IEC 7812-1), digits only. */
  LUHN("luhn") {
    @Override
    public char compute(String data) {
      digitsOnly(data);
      int sum = 0;
      for (int i = data.length() - 1, dbl = 1; i >= 0; i--, dbl ^= 1) {
        int d = (data.charAt(i) - '0') * (dbl + 1);
        sum += d > 9 ? d - 9 : d;
      }
      return (char) ('0' + (10 - sum % 10) % 10);
    }
  },
  /** ISO/IEC 7064 MOD 37,36 (hybrid), over 0-9 and A-Z; catches every single substitution. */
  MOD37_36("mod37-36") {
    @Override
    public char compute(String data) {
      int p = 36;
      for (int i = 0; i < data.length(); i++) {
        int v = Character.digit(data.charAt(i), 36);
        if (v < 0 || Character.isLowerCase(data.charAt(i))) {
          throw bad(data, i, "0-9 and A-Z");
        }
        int s = (p + v) % 36;
        p = (s == 0 ? 36 : s) * 2 % 37;
      }
      return Character.toUpperCase(Character.forDigit((37 - p) % 36, 36));
    }
  },
  /**
   * VIN-style mod 11: VIN letter values (I, O, Q refused), weights 2..10 repeating from the right,
   * remainder 10 written X. {@link #vinCheckDigit} is the real VIN rule (position 9).
   */
  VIN_MOD11("vin-mod11") {
    @Override
    public char compute(String data) {
      int sum = 0;
      for (int i = data.length() - 1, w = 2; i >= 0; i--, w = w == 10 ? 2 : w + 1) {
        sum += vinValue(data, i) * w;
      }
      int r = sum % 11;
      return r == 10 ? 'X' : (char) ('0' + r);
    }
  };

  private static final int[] VIN_WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  private static final String VIN_LETTERS = "ABCDEFGH.JKLMN.P.R.STUVWXYZ";
  private static final int[] VIN_LETTER_VALUES = {
    1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 0, 7, 0, 9, 0, 2, 3, 4, 5, 6, 7, 8, 9
  };

  private final String templateName;

  CheckCharacters(String templateName) {
    this.templateName = templateName;
  }

  /** The check character that follows {@code data}. */
  public abstract char compute(String data);

  /** The name used in templates, e.g. {@code mod37-36}. */
  public String templateName() {
    return templateName;
  }

  static CheckCharacters byName(String name) {
    for (CheckCharacters c : values()) {
      if (c.templateName.equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown check algorithm '" + name + "' (gs1-mod10, luhn, mod37-36, vin-mod11)");
  }

  /** The check digit of a 17-character VIN (ISO 3779 / 49 CFR 565), which sits at position 9. */
  public static char vinCheckDigit(String vin) {
    if (vin.length() != 17) {
      throw new IllegalArgumentException("a VIN has 17 characters, got " + vin.length());
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += vinValue(vin, i) * VIN_WEIGHTS[i];
    }
    int r = sum % 11;
    return r == 10 ? 'X' : (char) ('0' + r);
  }

  private static int vinValue(String s, int i) {
    char c = s.charAt(i);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    int idx = VIN_LETTERS.indexOf(c);
    if (c == '.' || idx < 0 || VIN_LETTER_VALUES[idx] == 0) {
      throw bad(s, i, "0-9 and A-Z without I, O, Q");
    }
    return VIN_LETTER_VALUES[idx];
  }

  private static void digitsOnly(String data) {
    for (int i = 0; i < data.length(); i++) {
      if (data.charAt(i) < '0' || data.charAt(i) > '9') {
        throw bad(data, i, "digits");
      }
    }
  }

  private static IllegalArgumentException bad(String data, int i, String allowed) {
    return new IllegalArgumentException(
        "character '"
            + data.charAt(i)
            + "' at offset "
            + i
            + " cannot be checked ("
            + allowed
            + " only)");
  }
}
