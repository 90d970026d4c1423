package org.unitrace.line.label;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.unitrace.line.gs1.Gs1ElementString;
import org.unitrace.line.gs1.Gs1ParseException;
import org.unitrace.line.gs1.Gs1Parser;
import org.unitrace.line.gs1.SymbologyIdentifier;

/**
 * Decodes one scan. A GS1 symbology identifier ({@code ]d2}, {@code ]C1}...) means GS1 data and
 * nothing else; a non-GS1 identifier means patterns only; without one, GS1 is tried first, then the
 * patterns in order. GS1 association rules are not applied: a component label is often one carrier
 * of several. The part number of a GS1 label comes from the GTIN map, else from (241).
 */
public final class LabelDecoder {

  private final Gs1Parser gs1 = Gs1Parser.standard().withoutAssociationChecks();
  private final Map<String, String> partByGtin;
  private final List<LabelPattern> patterns;

  public LabelDecoder(Map<String, String> partByGtin, List<LabelPattern> patterns) {
    this.partByGtin = Map.copyOf(partByGtin);
    this.patterns = List.copyOf(patterns);
  }

  /**
   * @throws UnreadableLabelException naming the scan, the GS1 fault and the patterns tried
   */
  public ScannedLabel decode(String scanned) {
    SymbologyIdentifier.Scanned s = SymbologyIdentifier.strip(scanned);
    Optional<SymbologyIdentifier> id = s.symbology();
    String symbology = id.map(SymbologyIdentifier::code).orElse(null);
    Gs1ParseException gs1Fault = null;
    if (id.isEmpty() || id.get().isGs1()) {
      try {
        return fromGs1(gs1.parse(scanned), scanned, symbology);
      } catch (Gs1ParseException e) {
        if (id.isPresent()) {
          throw new UnreadableLabelException(
              "label '"
                  + printable(scanned)
                  + "' is marked GS1 ("
                  + symbology
                  + ") but "
                  + e.getMessage(),
              e);
        }
        gs1Fault = e;
      }
    }
    for (LabelPattern p : patterns) {
      Matcher m = p.regex().matcher(s.data());
      if (m.matches()) {
        return fromPattern(p, m, scanned, symbology);
      }
    }
    throw new UnreadableLabelException(
        "label '"
            + printable(scanned)
            + "'"
            + (symbology == null ? "" : " (" + symbology + ")")
            + (gs1Fault == null ? "" : " is not GS1 (" + gs1Fault.getMessage() + ") and")
            + " matches none of the "
            + patterns.size()
            + " label patterns "
            + patterns.stream().map(p -> p.regex().pattern()).toList(),
        gs1Fault);
  }

  private ScannedLabel fromGs1(Gs1ElementString e, String raw, String symbology) {
    String gtin = e.gtin().orElse(null);
    String part = gtin == null ? null : partByGtin.get(gtin);
    if (part == null) {
      part = e.value("241").orElse(null);
    }
    return new ScannedLabel(
        ScannedLabel.Kind.GS1,
        part,
        e.serial().orElse(null),
        e.lot().orElse(null),
        e.value("412").orElse(null),
        e.count().orElse(null),
        gtin,
        raw,
        symbology,
        e);
  }

  private static ScannedLabel fromPattern(LabelPattern p, Matcher m, String raw, String symbology) {
    String part = Optional.ofNullable(group(m, "part")).orElse(p.partNumber());
    String qty = group(m, "qty");
    Long quantity;
    try {
      quantity = qty == null ? null : Long.valueOf(qty);
    } catch (NumberFormatException e) {
      throw new UnreadableLabelException(
          "label '"
              + printable(raw)
              + "': quantity '"
              + qty
              + "' at offset "
              + m.start("qty")
              + " is not a whole number",
          e);
    }
    return new ScannedLabel(
        ScannedLabel.Kind.PATTERN,
        part,
        group(m, "serial"),
        group(m, "lot"),
        group(m, "supplier"),
        quantity,
        null,
        raw,
        symbology,
        null);
  }

  private static String group(Matcher m, String name) {
    try {
      return m.group(name);
    } catch (IllegalArgumentException absent) {
      return null;
    }
  }

  private static String printable(String s) {
    return s.replace('\u001D', '^');
  }
}
