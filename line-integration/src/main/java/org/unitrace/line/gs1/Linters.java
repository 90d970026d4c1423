package org.unitrace.line.gs1;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The content checks ("linters") the dictionary names after a component's type, each written from
 * the rule the GS1 General Specifications (or the code list they cite) state. Each returns null
 * when the component is fine, else the broken rule and where in the component it is. The code lists
 * GS1 takes from other standards (ISO 4217 currencies, package types) are data files next to the
 * dictionary, so an amendment is a file edit. A linter the dictionary names that is not known here
 * is reported by {@link #isChecked} (a test fails on it), and not applied, so a newer dictionary
 * still loads.
 */
final class Linters {

  /** A broken rule at {@code position} (0-based) in the component. */
  record Lint(int position, String rule) {}

  /** Linters known but not applied; empty since all of the 2026-01-27 dictionary's are. */
  static final Set<String> NOT_CHECKED = Set.of();

  private static final String CSUM_ALPHA = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final int[] PRIMES = {
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97
  };
  private static final Set<String> ISO4217 = CodeLists.firstColumn("iso4217-numeric.txt");
  private static final Set<String> PACKAGE_TYPES = CodeLists.firstColumn("package-type-codes.txt");
  private static final Set<String> ISO3166_ALPHA2 = Set.of(Locale.getISOCountries());

  private static final Map<String, UnaryOperator<String>> CHECKS =
      Map.ofEntries(
          Map.entry("csum", Linters::csum),
          Map.entry("csumalpha", Linters::csumalpha),
          Map.entry("yymmdd", d -> date(d, false)),
          Map.entry("yymmd0", d -> date(d, true)),
          Map.entry("yyyymmdd", Linters::yyyymmdd),
          Map.entry("hhmi", Linters::hhmi),
          Map.entry("hh", d -> range(d, 23, "hour")),
          Map.entry("mi", d -> range(d, 59, "minute")),
          Map.entry("ss", d -> range(d, 59, "second")),
          Map.entry(
              "nonzero", d -> d.chars().allMatch(c -> c == '0') ? d + " must not be zero" : null),
          Map.entry("zero", d -> d.equals("0") ? null : d + " must be 0"),
          Map.entry(
              "nozeroprefix",
              d ->
                  d.charAt(0) == '0'
                      ? d + " must not start with 0 (and 0 alone is not allowed)"
                      : null),
          Map.entry(
              "hasnondigit",
              d -> d.chars().allMatch(Character::isDigit) ? d + " must contain a non-digit" : null),
          Map.entry(
              "yesno",
              d -> d.equals("0") || d.equals("1") ? null : d + " must be 0 (no) or 1 (yes)"),
          Map.entry(
              "winding",
              d -> "019".contains(d) ? null : d + " must be 0, 1 or 9 (winding direction)"),
          Map.entry(
              "iso5218",
              d -> "0129".contains(d) ? null : d + " is not an ISO 5218 sex code (0, 1, 2, 9)"),
          Map.entry("hyphen", d -> d.equals("-") ? null : d + " must be '-'"),
          Map.entry(
              "iso3166",
              d ->
                  CountryCodes.NUMERIC.contains(d)
                      ? null
                      : d + " is not an ISO 3166 numeric country code"),
          Map.entry(
              "iso3166999",
              d ->
                  d.equals("999") || CountryCodes.NUMERIC.contains(d)
                      ? null
                      : d + " is not an ISO 3166 numeric country code nor 999"),
          Map.entry(
              "iso3166alpha2",
              d ->
                  ISO3166_ALPHA2.contains(d)
                      ? null
                      : d + " is not an ISO 3166 alpha-2 country code"),
          Map.entry(
              "iso4217",
              d -> ISO4217.contains(d) ? null : d + " is not an ISO 4217 numeric currency code"),
          Map.entry("pcenc", Linters::pcenc),
          Map.entry("pieceoftotal", Linters::pieceOfTotal),
          Map.entry("posinseqslash", Linters::posInSeqSlash),
          Map.entry("mediatype", Linters::mediaType),
          Map.entry(
              "latitude",
              d ->
                  Long.parseLong(d) <= 1_800_000_000L
                      ? null
                      : d + " is not a latitude (at most 1800000000)"),
          Map.entry(
              "longitude",
              d ->
                  Long.parseLong(d) <= 3_600_000_000L
                      ? null
                      : d + " is not a longitude (at most 3600000000)"),
          Map.entry(
              "importeridx",
              d -> d.matches("[-_0-9A-Za-z]") ? null : d + " is not an importer index"),
          Map.entry("iban", Linters::iban),
          Map.entry(
              "packagetype",
              d ->
                  PACKAGE_TYPES.contains(d)
                      ? null
                      : d + " is not a GS1 PackageTypeCode (UN/ECE Recommendation 21)"),
          Map.entry("gcppos1", d -> gcp(d, 0)),
          Map.entry(
              "gcppos2",
              d -> d.length() < 2 ? d + " is too short for a GS1 Company Prefix" : gcp(d, 1)));

  private static final Map<String, java.util.function.Function<String, Lint>> POSITIONAL =
      Map.of("couponcode", Coupons::couponCode, "couponposoffer", Coupons::positiveOffer);

  private Linters() {}

  /** Whether the linter is implemented here. */
  static boolean isChecked(String name) {
    return CHECKS.containsKey(name) || POSITIONAL.containsKey(name);
  }

  /**
   * Applies linter {@code name} to a component; null when fine or when the linter is not checked.
   */
  static Lint check(String name, String data) {
    var positional = POSITIONAL.get(name);
    if (positional != null) {
      return positional.apply(data);
    }
    UnaryOperator<String> check = CHECKS.get(name);
    String rule = check == null ? null : check.apply(data);
    return rule == null ? null : new Lint(0, rule);
  }

  /**
   * A GS1 Company Prefix starts at {@code from}: GS1 allocates them with at least 4 digits, so the
   * 4 characters there must be digits (the prefix's allocated length needs GS1's registry).
   */
  static String gcp(String d, int from) {
    if (d.length() < from + 4) {
      return d + " is too short for a GS1 Company Prefix (at least 4 digits)";
    }
    for (int i = from; i < from + 4; i++) {
      if (d.charAt(i) < '0' || d.charAt(i) > '9') {
        return d
            + ": character "
            + (i + 1)
            + " ('"
            + d.charAt(i)
            + "') is inside the GS1 Company Prefix, which is digits";
      }
    }
    return null;
  }

  /** The GS1 mod-10 check digit of the digits in {@code body} (the check digit itself excluded). */
  static int gs1CheckDigit(String body) {
    int sum = 0;
    for (int i = body.length() - 1, w = 3; i >= 0; i--, w = 4 - w) {
      sum += (body.charAt(i) - '0') * w;
    }
    return (10 - sum % 10) % 10;
  }

  private static String csum(String d) {
    int expected = gs1CheckDigit(d.substring(0, d.length() - 1));
    int actual = d.charAt(d.length() - 1) - '0';
    return actual == expected ? null : "check digit " + actual + " is wrong, expected " + expected;
  }

  /** The two GS1 alphanumeric check characters (GMN, MUDI) of {@code body}. */
  static String csumAlphaPair(String body) {
    String cset82 = CharacterSet.X.chars();
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int weight = PRIMES[body.length() - 1 - i];
      sum += weight * cset82.indexOf(body.charAt(i));
    }
    sum %= 1021;
    return "" + CSUM_ALPHA.charAt(sum >> 5) + CSUM_ALPHA.charAt(sum & 31);
  }

  private static String csumalpha(String d) {
    if (d.length() < 2 || d.length() > PRIMES.length + 2) {
      return "needs 2 check characters after at most " + PRIMES.length + " characters";
    }
    String expected = csumAlphaPair(d.substring(0, d.length() - 2));
    String actual = d.substring(d.length() - 2);
    return actual.equals(expected)
        ? null
        : "check characters " + actual + " are wrong, expected " + expected;
  }

  private static String date(String d, boolean dayZeroAllowed) {
    int month = Integer.parseInt(d.substring(2, 4));
    int day = Integer.parseInt(d.substring(4, 6));
    if (month < 1 || month > 12) {
      return d + " is not a valid date (month " + month + ")";
    }
    if (day == 0) {
      return dayZeroAllowed
          ? null
          : d + " is not a valid date (day 00 is allowed only where the format is YYMMD0)";
    }
    try {
      Gs1Dates.yymmdd(d, LocalDate.now().getYear());
      return null;
    } catch (DateTimeException e) {
      return d + " is not a valid date (day " + day + ")";
    }
  }

  private static String yyyymmdd(String d) {
    try {
      LocalDate.of(
          Integer.parseInt(d.substring(0, 4)),
          Integer.parseInt(d.substring(4, 6)),
          Integer.parseInt(d.substring(6, 8)));
      return null;
    } catch (DateTimeException e) {
      return d + " is not a valid date";
    }
  }

  private static String hhmi(String d) {
    String hour = range(d.substring(0, 2), 23, "hour");
    return hour != null ? hour : range(d.substring(2), 59, "minute");
  }

  private static String range(String d, int max, String what) {
    return Integer.parseInt(d) <= max ? null : d + " is not a valid " + what;
  }

  private static String pcenc(String d) {
    for (int i = d.indexOf('%'); i >= 0; i = d.indexOf('%', i + 1)) {
      if (i + 2 >= d.length() || !isHex(d.charAt(i + 1)) || !isHex(d.charAt(i + 2))) {
        return "'%' at position " + (i + 1) + " is not followed by two hex digits";
      }
    }
    return null;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static String pieceOfTotal(String d) {
    int piece = Integer.parseInt(d.substring(0, 2));
    int total = Integer.parseInt(d.substring(2, 4));
    return piece >= 1 && total >= 1 && piece <= total
        ? null
        : d + " is not piece n of total t (1 <= n <= t)";
  }

  private static String posInSeqSlash(String d) {
    if (!d.matches("\\d/\\d")) {
      return d + " must read n/t";
    }
    int pos = d.charAt(0) - '0';
    int total = d.charAt(2) - '0';
    return pos >= 1 && pos <= total ? null : d + " is not position n of t (1 <= n <= t)";
  }

  private static String mediaType(String d) {
    int t = Integer.parseInt(d);
    return (t >= 1 && t <= 10) || t >= 80 ? null : d + " is not an AIDC media type (01-10, 80-99)";
  }

  /** ISO 13616: country code (ISO 3166-1 alpha-2), 2 check digits, BBAN of digits and A-Z. */
  private static String iban(String d) {
    if (d.length() < 2 || !ISO3166_ALPHA2.contains(d.substring(0, 2))) {
      return d + " is not an IBAN: it must start with an ISO 3166 alpha-2 country code";
    }
    if (!d.matches("[A-Z]{2}\\d{2}[0-9A-Z]{1,30}")) {
      return d
          + " is not an IBAN: country code, 2 check digits, then up to 30 digits or"
          + " upper-case letters";
    }
    String rearranged = d.substring(4) + d.substring(0, 4);
    StringBuilder digits = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      digits.append(Character.digit(c, 36));
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1
        ? null
        : d + " fails the IBAN check (mod 97)";
  }
}
