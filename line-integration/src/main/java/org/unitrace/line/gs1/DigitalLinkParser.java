package org.unitrace.line.gs1;

import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;

/**
 * Reads a GS1 Digital Link URI ({@code https://example.com/any/prefix/01/09506000134352/10/ABC?17=
 * 261231}) into the element strings it carries, under the rules of the GS1 Digital Link standard
 * (URI syntax) and the dictionary's {@code dlpkey} and {@code ?} attributes:
 *
 * <ul>
 *   <li>scheme {@code http} or {@code https}, any domain, any path before the primary key;
 *   <li>the path ends in {@code /key/value} followed by the key qualifiers the dictionary lists for
 *       that key, in that order ({@code /01/../22/../10/../21/..}, each optional);
 *   <li>the query carries data attributes {@code AI=value}: only AIs flagged {@code ?}, none that
 *       belongs in the path as a qualifier, no AI twice; other (non-numeric) parameters and the
 *       fragment are ignored; a numeric parameter that is not an AI is an error;
 *   <li>values are percent-decoded ({@code %2F} is '/'), and in the query '+' is a space.
 * </ul>
 *
 * Each value is then checked as any other element string. Offsets in errors point into the URI.
 */
@RequiredArgsConstructor
final class DigitalLinkParser {

  private static final String URI_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";
  private static final String BAD_DOMAIN_CHARS = "_~?#@!$&'()*+,;=%";

  private final Gs1SyntaxDictionary dictionary;

  /** Whether the data at {@code start} looks like an http(s) URI rather than element strings. */
  static boolean isUri(String s, int start) {
    return s.regionMatches(true, start, "https://", 0, 8)
        || s.regionMatches(true, start, "http://", 0, 7);
  }

  private record Segment(String text, int offset) {}

  List<Gs1Parser.Located> read(String s, int start) {
    for (int i = start; i < s.length(); i++) {
      if (URI_CHARS.indexOf(s.charAt(i)) < 0) {
        throw new Gs1ParseException(
            null, i, "character " + describe(s.charAt(i)) + " is not allowed in a URI");
      }
    }
    int domainStart;
    if (s.regionMatches(true, start, "https://", 0, 8)) {
      domainStart = start + 8;
    } else if (s.regionMatches(true, start, "http://", 0, 7)) {
      domainStart = start + 7;
    } else {
      throw new Gs1ParseException(
          null, start, "a GS1 Digital Link URI starts with http:// or https://");
    }
    int domainEnd = domainStart;
    while (domainEnd < s.length() && "/?#".indexOf(s.charAt(domainEnd)) < 0) {
      if (BAD_DOMAIN_CHARS.indexOf(s.charAt(domainEnd)) >= 0) {
        throw new Gs1ParseException(
            null,
            domainEnd,
            "character " + describe(s.charAt(domainEnd)) + " is not allowed in a domain");
      }
      domainEnd++;
    }
    if (domainEnd == domainStart) {
      throw new Gs1ParseException(null, domainStart, "the URI has no domain");
    }
    int fragment = s.indexOf('#', domainEnd);
    int end = fragment < 0 ? s.length() : fragment;
    int query = s.indexOf('?', domainEnd);
    int pathEnd = query < 0 || query > end ? end : query;
    if (domainEnd == pathEnd) {
      throw new Gs1ParseException(
          null, domainEnd, "the URI has no path: a GS1 Digital Link needs /{AI}/{value}");
    }
    List<Segment> segments = new ArrayList<>();
    for (int i = domainEnd; i < pathEnd; ) {
      int next = s.indexOf('/', i + 1);
      if (next < 0 || next > pathEnd) {
        next = pathEnd;
      }
      segments.add(new Segment(s.substring(i + 1, next), i + 1));
      i = next;
    }
    int keyIndex = primaryKeyIndex(segments);
    if (keyIndex < 0) {
      throw new Gs1ParseException(
          null,
          domainEnd,
          "no GS1 primary key in the path "
              + s.substring(domainEnd, pathEnd)
              + " (it must end in /{key AI}/{value}[/{qualifier AI}/{value}...],"
              + " e.g. /01/09506000134352)");
    }
    List<Gs1Parser.Located> path = new ArrayList<>();
    for (int i = keyIndex; i < segments.size(); i += 2) {
      Segment ai = segments.get(i);
      Segment value = segments.get(i + 1);
      AiDefinition def = dictionary.definition(ai.text()).orElseThrow();
      path.add(value(def, s, value.offset(), value.offset() + value.text().length(), false));
    }
    List<Gs1Parser.Located> attributes =
        query < 0 || query > end ? List.of() : attributes(s, query + 1, end);
    checkPath(path);
    List<Gs1Parser.Located> all = new ArrayList<>(path);
    for (Gs1Parser.Located a : attributes) {
      for (Gs1Parser.Located seen : all) {
        if (seen.def().ai().equals(a.def().ai())) {
          throw new Gs1ParseException(
              a.def().ai(),
              a.offset(),
              "appears twice in the URI (first at offset " + seen.offset() + ")");
        }
      }
      checkAttribute(a, path);
      all.add(a);
    }
    return all;
  }

  /** Walks back from the end over /AI/value pairs to the first primary key, or -1. */
  private int primaryKeyIndex(List<Segment> segments) {
    for (int i = segments.size() - 2; i >= 0; i -= 2) {
      String ai = segments.get(i).text();
      if (ai.isEmpty() || !ai.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      var def = dictionary.definition(ai);
      if (def.isEmpty()) {
        return -1;
      }
      if (def.get().dlPrimaryKey()) {
        return i;
      }
    }
    return -1;
  }

  private List<Gs1Parser.Located> attributes(String s, int from, int to) {
    List<Gs1Parser.Located> out = new ArrayList<>();
    int i = from;
    while (i < to) {
      int amp = s.indexOf('&', i);
      int paramEnd = amp < 0 || amp > to ? to : amp;
      int eq = s.indexOf('=', i);
      if (eq >= 0 && eq < paramEnd) {
        String key = s.substring(i, eq);
        if (!key.isEmpty() && key.chars().allMatch(c -> c >= '0' && c <= '9')) {
          int at = i;
          AiDefinition def =
              dictionary
                  .definition(key)
                  .orElseThrow(
                      () -> new Gs1ParseException(null, at, "unknown AI " + key + " in the query"));
          out.add(value(def, s, eq + 1, paramEnd, true));
        }
        // a non-numeric parameter is not GS1 data: ignored, as the standard says
      }
      i = paramEnd + 1;
    }
    return out;
  }

  /** Percent-decodes one value and checks it against the dictionary, offsets into the URI. */
  private static Gs1Parser.Located value(
      AiDefinition def, String s, int from, int to, boolean query) {
    if (from == to) {
      throw new Gs1ParseException(def.ai(), from, "value is empty");
    }
    StringBuilder value = new StringBuilder();
    List<Integer> rawOffsets = new ArrayList<>();
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      rawOffsets.add(i);
      if (c == '%') {
        int hi = i + 1 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < to ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new Gs1ParseException(def.ai(), i, "'%' is not followed by two hex digits");
        }
        int b = hi * 16 + lo;
        if (b == 0) {
          throw new Gs1ParseException(def.ai(), i, "%00 (NUL) is not allowed");
        }
        value.append((char) b);
        i += 2;
      } else if (query && c == '+') {
        value.append(' ');
      } else {
        value.append(c);
      }
    }
    try {
      ValueChecker.check(def, value.toString(), 0);
    } catch (Gs1ParseException e) {
      int at = e.offset() < rawOffsets.size() ? rawOffsets.get(e.offset()) : to;
      throw new Gs1ParseException(e.ai(), at, e.rule());
    }
    return new Gs1Parser.Located(def, value.toString(), from);
  }

  private static void checkPath(List<Gs1Parser.Located> path) {
    AiDefinition key = path.get(0).def();
    List<String> qualifiers = new ArrayList<>();
    for (int i = 1; i < path.size(); i++) {
      qualifiers.add(path.get(i).def().ai());
      if (!key.acceptsQualifiers(qualifiers)) {
        throw new Gs1ParseException(
            path.get(i).def().ai(),
            path.get(i).offset(),
            "is not a key qualifier of (" + key.ai() + ") here: " + describeQualifiers(key));
      }
    }
  }

  private static void checkAttribute(Gs1Parser.Located a, List<Gs1Parser.Located> path) {
    String ai = a.def().ai();
    if (!a.def().dlDataAttribute()) {
      throw new Gs1ParseException(
          ai, a.offset(), "is not permitted as a GS1 Digital Link data attribute (query)");
    }
    AiDefinition key = path.get(0).def();
    List<String> qualifiers = new ArrayList<>();
    for (int i = 1; i < path.size(); i++) {
      qualifiers.add(path.get(i).def().ai());
    }
    for (int j = 0; j <= qualifiers.size(); j++) {
      List<String> trial = new ArrayList<>(qualifiers);
      trial.add(j, ai);
      if (key.acceptsQualifiers(trial)) {
        throw new Gs1ParseException(
            ai,
            a.offset(),
            "is a key qualifier of (" + key.ai() + ") and belongs in the path, not the query");
      }
    }
  }

  private static String describeQualifiers(AiDefinition key) {
    List<String> alternatives =
        key.dlQualifiers().stream()
            .filter(alt -> !alt.isEmpty())
            .map(alt -> "/" + String.join("/../", alt) + "/..")
            .toList();
    return alternatives.isEmpty()
        ? "(" + key.ai() + ") takes no key qualifiers"
        : "it takes " + String.join(" or ", alternatives) + ", each at most once and in that order";
  }

  private static String describe(char c) {
    return c < 0x21 || c > 0x7e ? String.format("0x%02X", (int) c) : "'" + c + "'";
  }
}
