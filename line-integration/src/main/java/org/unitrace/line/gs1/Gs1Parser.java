package org.unitrace.line.gs1;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Reads GS1 element strings in any form a scanner or a person gives them:
 *
 * <ul>
 *   <li>a GS1 Digital Link URI, {@code https://id.example.com/01/09506000134352/21/S1?17=261231},
 *       of any domain (see {@link DigitalLink} for its rules);
 *   <li>bracketed, {@code (01)09506000134352(17)261231(10)ABC123}, where a literal '(' inside a
 *       value is written {@code \(};
 *   <li>raw, {@code 01095060001343521726123110ABC123}, with ASCII GS (0x1D) standing for FNC1 after
 *       every variable-length value that is not last, optionally preceded by an AIM symbology
 *       identifier ({@code ]d2}, {@code ]C1}, {@code ]Q3}, {@code ]e0}).
 * </ul>
 *
 * <p>Every value is checked against the syntax dictionary; the mandatory associations ({@code
 * req=}) and invalid pairings ({@code ex=}) are checked over the whole string unless turned off
 * with {@link #withoutAssociationChecks()} (for labels that are one of several carriers on an item,
 * where GS1 says to check pairings over all of them).
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class Gs1Parser {

  private final Gs1SyntaxDictionary dictionary;
  private final boolean checkAssociations;

  /** A parser over the dictionary shipped with this library. */
  public static Gs1Parser standard() {
    return new Gs1Parser(Gs1SyntaxDictionary.standard(), true);
  }

  public static Gs1Parser over(Gs1SyntaxDictionary dictionary) {
    return new Gs1Parser(dictionary, true);
  }

  /** The same parser without the {@code req=} / {@code ex=} checks. */
  public Gs1Parser withoutAssociationChecks() {
    return new Gs1Parser(dictionary, false);
  }

  /**
   * Parses scanned or typed data.
   *
   * @throws Gs1ParseException naming the AI, the character offset in {@code input} and the rule
   */
  public Gs1ElementString parse(String input) {
    if (input == null || input.isEmpty()) {
      throw new Gs1ParseException(null, 0, "empty GS1 data");
    }
    SymbologyIdentifier.Scanned scanned = SymbologyIdentifier.strip(input);
    int start = scanned.dataOffset();
    if (DigitalLinkParser.isUri(input, start)) {
      return finish(new DigitalLinkParser(dictionary).read(input, start));
    }
    List<Located> found =
        input.startsWith("(", start) ? readBracketed(input, start) : readRaw(input, start);
    if (found.isEmpty()) {
      throw new Gs1ParseException(null, start, "no AI in GS1 data");
    }
    checkRepeats(found);
    return finish(found);
  }

  /**
   * Parses a GS1 Digital Link URI ({@code https://id.gs1.org/01/09506000134352/21/S1?17=261231})
   * into its element strings; any domain and path prefix are accepted.
   *
   * @throws Gs1ParseException naming the AI, the character offset in {@code uri} and the rule
   */
  public Gs1ElementString parseDigitalLink(String uri) {
    if (uri == null || uri.isEmpty()) {
      throw new Gs1ParseException(null, 0, "empty GS1 Digital Link URI");
    }
    return finish(new DigitalLinkParser(dictionary).read(uri, 0));
  }

  private Gs1ElementString finish(List<Located> found) {
    if (checkAssociations) {
      Associations.check(found);
    }
    DigitalSignatures.check(found);
    List<ElementValue> values = new ArrayList<>();
    Set<String> predefined = new HashSet<>();
    for (Located l : found) {
      values.add(new ElementValue(l.def().ai(), l.def().title(), l.value()));
      if (l.def().predefinedLength()) {
        predefined.add(l.def().ai());
      }
    }
    return new Gs1ElementString(values, predefined);
  }

  /** An AI found at {@code offset} (of its value) in the input. */
  record Located(AiDefinition def, String value, int offset) {}

  private List<Located> readRaw(String s, int pos) {
    List<Located> out = new ArrayList<>();
    while (pos < s.length()) {
      if (s.charAt(pos) == Gs1ElementString.GS) {
        pos++;
        continue;
      }
      AiDefinition def = aiAt(s, pos);
      int valueStart = pos + def.ai().length();
      int end;
      if (def.predefinedLength()) {
        end = valueStart + def.maxLength();
        if (end > s.length()) {
          throw new Gs1ParseException(
              def.ai(),
              valueStart,
              "value has " + (s.length() - valueStart) + " characters, needs " + def.maxLength());
        }
      } else {
        int gs = s.indexOf(Gs1ElementString.GS, valueStart);
        end = gs < 0 ? s.length() : gs;
      }
      String value = s.substring(valueStart, end);
      ValueChecker.check(def, value, valueStart);
      out.add(new Located(def, value, valueStart));
      pos = end;
    }
    return out;
  }

  private AiDefinition aiAt(String s, int pos) {
    for (int len = 2; len <= 4 && pos + len <= s.length(); len++) {
      String candidate = s.substring(pos, pos + len);
      if (!candidate.chars().allMatch(Character::isDigit)) {
        break;
      }
      var def = dictionary.definition(candidate);
      if (def.isPresent()) {
        return def.get();
      }
    }
    String shown =
        s.substring(pos, Math.min(s.length(), pos + 4)).replace(Gs1ElementString.GS, '^');
    throw new Gs1ParseException(null, pos, "unknown AI " + shown);
  }

  private List<Located> readBracketed(String s, int pos) {
    List<Located> out = new ArrayList<>();
    while (pos < s.length()) {
      if (s.charAt(pos) != '(') {
        throw new Gs1ParseException(null, pos, "expected '(' to open an AI");
      }
      int close = s.indexOf(')', pos);
      if (close < 0) {
        throw new Gs1ParseException(null, pos, "AI is not closed with ')'");
      }
      String ai = s.substring(pos + 1, close);
      AiDefinition def =
          dictionary
              .definition(ai)
              .orElseThrow(() -> new Gs1ParseException(null, pos0(s, ai), "unknown AI " + ai));
      int valueStart = close + 1;
      StringBuilder value = new StringBuilder();
      int i = valueStart;
      while (i < s.length() && s.charAt(i) != '(') {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
          c = '(';
          i++;
        } else if (c == Gs1ElementString.GS) {
          throw new Gs1ParseException(ai, i, "GS separator inside bracketed data");
        }
        value.append(c);
        i++;
      }
      ValueChecker.check(def, value.toString(), valueStart);
      out.add(new Located(def, value.toString(), valueStart));
      pos = i;
    }
    return out;
  }

  private static int pos0(String s, String ai) {
    return s.indexOf("(" + ai + ")");
  }

  private static void checkRepeats(List<Located> found) {
    for (int i = 0; i < found.size(); i++) {
      for (int j = 0; j < i; j++) {
        Located a = found.get(j);
        Located b = found.get(i);
        if (a.def().ai().equals(b.def().ai()) && !a.value().equals(b.value())) {
          throw new Gs1ParseException(
              b.def().ai(),
              b.offset(),
              "repeated with value "
                  + b.value()
                  + ", first seen as "
                  + a.value()
                  + " at offset "
                  + a.offset());
        }
      }
    }
  }
}
