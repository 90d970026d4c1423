package org.unitrace.line.gs1;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A GS1 Digital Link URI, the web address in the QR codes that replace linear barcodes on products:
 * {@code https://id.gs1.org/01/09506000134352/21/S1?17=261231}. Built from element strings it puts
 * the primary key and as many of its key qualifiers as the data has into the path, in the
 * dictionary's order, and the other AIs into the query as data attributes (fixed-length ones first,
 * then in the order given), percent-encoding every character outside {@code A-Z a-z 0-9 - . _ ~}.
 *
 * <pre>{@code
 * String uri = DigitalLink.of(gtin, serial).withDomain("https://id.example.com").uri();
 * Gs1ElementString back = DigitalLink.parse(uri);
 * }</pre>
 *
 * Immutable; every value is checked against the GS1 syntax dictionary when added.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class DigitalLink {

  /** GS1's own resolver, the canonical stem when a brand has none. */
  public static final String CANONICAL_DOMAIN = "https://id.gs1.org";

  private static final Gs1Parser PARSER = Gs1Parser.standard();

  private final Gs1ElementString elements;
  private final String stem;

  /**
   * A serialised trade item (SGTIN): {@code /01/<gtin>/21/<serial>}.
   *
   * @param gtin GTIN-8, -12, -13 or -14; padded to 14 digits
   * @throws IllegalArgumentException when the GTIN or the serial breaks a GS1 rule
   */
  public static DigitalLink of(String gtin, String serial) {
    return of(gtin).with("21", serial);
  }

  /** A trade item without serial: {@code /01/<gtin>}. */
  public static DigitalLink of(String gtin) {
    return new DigitalLink(PARSER.parse("(01)" + Gtin.normalize(gtin)), CANONICAL_DOMAIN);
  }

  /** The element strings as a Digital Link, e.g. an SSCC {@code (00)...} or a parsed scan. */
  public static DigitalLink from(Gs1ElementString elements) {
    return new DigitalLink(elements, CANONICAL_DOMAIN);
  }

  /**
   * Parses a Digital Link URI of any domain into its element strings.
   *
   * @throws Gs1ParseException naming the AI, the offset in the URI and the rule broken
   */
  public static Gs1ElementString parse(String uri) {
    return PARSER.parseDigitalLink(uri);
  }

  /**
   * The same link with one more AI, e.g. {@code with("10", lot)} or {@code with("17", "261231")}.
   *
   * @throws Gs1ParseException when the value or the combination breaks a GS1 rule
   */
  public DigitalLink with(String ai, String value) {
    if (value == null || value.isEmpty()) {
      throw new Gs1ParseException(ai, 0, "value is empty");
    }
    String bracketed = elements.toBracketed() + "(" + ai + ")" + value.replace("(", "\\(");
    return new DigitalLink(PARSER.parse(bracketed), stem);
  }

  /**
   * The same link under another resolver, e.g. {@code https://id.example.com} or {@code
   * https://example.com/products} (a path prefix is allowed; a trailing '/' is dropped).
   */
  public DigitalLink withDomain(String uriStem) {
    if (uriStem == null) {
      throw new IllegalArgumentException("Digital Link domain is null");
    }
    String s = uriStem.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!s.matches("(?i)https?://[A-Za-z0-9.\\-:\\[\\]]+(/[A-Za-z0-9\\-._~!$&'()*+,;=:@%/]*)?")) {
      throw new IllegalArgumentException(
          "Digital Link domain '"
              + uriStem
              + "' is not http(s)://host[:port][/path] without query or fragment");
    }
    return new DigitalLink(elements, s);
  }

  public Gs1ElementString elementString() {
    return elements;
  }

  /**
   * The URI.
   *
   * @throws IllegalArgumentException when the data has no Digital Link primary key, or has an AI
   *     that can be neither in the path nor a data attribute
   */
  public String uri() {
    Gs1SyntaxDictionary dictionary = Gs1SyntaxDictionary.standard();
    List<ElementValue> all = elements.elements();
    ElementValue key = null;
    AiDefinition keyDef = null;
    for (ElementValue e : all) {
      AiDefinition def = dictionary.definition(e.ai()).orElseThrow();
      if (def.dlPrimaryKey()) {
        key = e;
        keyDef = def;
        break;
      }
    }
    if (key == null) {
      throw new IllegalArgumentException(
          "no GS1 Digital Link primary key (such as (01) GTIN or (00) SSCC) in " + elements);
    }
    List<String> qualifiers = List.of();
    for (List<String> alternative : keyDef.dlQualifiers()) {
      List<String> present =
          alternative.stream().filter(q -> elements.value(q).isPresent()).toList();
      if (present.size() > qualifiers.size()) {
        qualifiers = present;
      }
    }
    StringBuilder uri = new StringBuilder(stem);
    uri.append('/').append(key.ai()).append('/').append(escape(key.value(), false));
    for (String q : qualifiers) {
      uri.append('/').append(q).append('/').append(escape(elements.value(q).orElseThrow(), false));
    }
    Set<String> inPath = new java.util.HashSet<>(qualifiers);
    inPath.add(key.ai());
    List<ElementValue> attributes = new ArrayList<>();
    for (ElementValue e : all) {
      if (inPath.add(e.ai())) {
        AiDefinition def = dictionary.definition(e.ai()).orElseThrow();
        if (!def.dlDataAttribute()) {
          throw new IllegalArgumentException(
              "AI ("
                  + e.ai()
                  + ") "
                  + e.title()
                  + " is not permitted as a GS1 Digital Link data attribute");
        }
        attributes.add(e);
      }
    }
    attributes.sort(
        Comparator.comparing(e -> !dictionary.definition(e.ai()).orElseThrow().predefinedLength()));
    char sep = '?';
    for (ElementValue e : attributes) {
      uri.append(sep).append(e.ai()).append('=').append(escape(e.value(), true));
      sep = '&';
    }
    return uri.toString();
  }

  static String escape(String value, boolean query) {
    StringBuilder sb = new StringBuilder();
    for (char c : value.toCharArray()) {
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append(c);
      } else if (c == ' ' && query) {
        sb.append('+');
      } else {
        sb.append('%').append(String.format("%02X", (int) c));
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return uri();
  }
}
