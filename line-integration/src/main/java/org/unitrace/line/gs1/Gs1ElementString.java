package org.unitrace.line.gs1;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed, valid GS1 element string: the AIs in the order they were scanned. Immutable. Dates
 * resolve with the GS1 century rule against the current year.
 */
public final class Gs1ElementString {

  static final char GS = '\u001D';

  private final List<ElementValue> elements;
  private final Set<String> predefinedLength;

  Gs1ElementString(List<ElementValue> elements, Set<String> predefinedLength) {
    this.elements = List.copyOf(elements);
    this.predefinedLength = Set.copyOf(predefinedLength);
  }

  public List<ElementValue> elements() {
    return elements;
  }

  /** The value of the first occurrence of {@code ai}. */
  public Optional<String> value(String ai) {
    return elements.stream().filter(e -> e.ai().equals(ai)).map(ElementValue::value).findFirst();
  }

  public Optional<String> gtin() {
    return value("01").or(() -> value("02"));
  }

  public Optional<String> sscc() {
    return value("00");
  }

  public Optional<String> serial() {
    return value("21");
  }

  public Optional<String> lot() {
    return value("10");
  }

  /** (17) use-by or expiry; day 00 means the last day of the month. */
  public Optional<LocalDate> expiry() {
    return date("17");
  }

  /** (11) production date. */
  public Optional<LocalDate> productionDate() {
    return date("11");
  }

  /** (30) variable count, else (37) count of trade items. */
  public Optional<Long> count() {
    return value("30").or(() -> value("37")).map(Long::valueOf);
  }

  /** A date AI with YYMMDD value ((11), (13), (15), (16), (17)...). */
  public Optional<LocalDate> date(String ai) {
    return value(ai).map(v -> Gs1Dates.yymmdd(v, LocalDate.now().getYear()));
  }

  /** A measure AI such as 3103 (net weight in kg, 3 decimals) as a decimal number. */
  public Optional<BigDecimal> measure(String ai) {
    if (ai.length() != 4 || !ai.startsWith("3")) {
      throw new IllegalArgumentException(
          "AI (" + ai + ") is not a measure AI with implied decimals");
    }
    int decimals = ai.charAt(3) - '0';
    return value(ai).map(v -> new BigDecimal(v).movePointLeft(decimals));
  }

  /**
   * The human-readable form, {@code (01)09506000134352(10)ABC}; a '(' in a value is written "\(".
   */
  public String toBracketed() {
    StringBuilder sb = new StringBuilder();
    for (ElementValue e : elements) {
      sb.append('(').append(e.ai()).append(')').append(e.value().replace("(", "\\("));
    }
    return sb.toString();
  }

  /** The barcode data form: AIs concatenated, GS after each variable-length value but the last. */
  public String toGsSeparated() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < elements.size(); i++) {
      ElementValue e = elements.get(i);
      sb.append(e.ai()).append(e.value());
      if (i < elements.size() - 1 && !predefinedLength.contains(e.ai())) {
        sb.append(GS);
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gs1ElementString other && elements.equals(other.elements);
  }

  @Override
  public int hashCode() {
    return elements.hashCode();
  }

  @Override
  public String toString() {
    return toBracketed();
  }
}
