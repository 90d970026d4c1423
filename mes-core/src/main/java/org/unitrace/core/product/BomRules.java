package org.unitrace.core.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.imports.Where;
import org.unitrace.core.system.Text;

/**
 * What makes a BOM acceptable, whichever way it arrives: every error found is reported with where
 * it is, in the field names of the format it came in ({@code field} maps the API's property names).
 */
final class BomRules {

  static final int MAX_TEXT = 200;

  private BomRules() {}

  /** Checks and normalizes the lines (defaults filled in, tracking upper case). */
  static List<BomLine> check(
      String partNumber,
      List<BomLine> lines,
      IntFunction<Where> where,
      UnaryOperator<String> field,
      List<RowProblem> errors) {
    List<BomLine> checked = new ArrayList<>();
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      BomLine line = lines.get(i);
      Where at = where.apply(i);
      if (line == null) {
        errors.add(at.problem(null, "empty BOM line"));
        continue;
      }
      String position = text(line.position(), at, field.apply("position"), true, errors);
      String component =
          text(line.componentPartNumber(), at, field.apply("componentPartNumber"), true, errors);
      text(line.station(), at, field.apply("station"), false, errors);
      if (position != null && positions.putIfAbsent(position, i) != null) {
        errors.add(
            at.problem(
                field.apply("position"),
                "position '%s' appears twice in the BOM of %s (first at %s)"
                    .formatted(position, partNumber, where.apply(positions.get(position)))));
      }
      if (component != null && component.equals(partNumber)) {
        errors.add(
            at.problem(field.apply("componentPartNumber"), "a product cannot contain itself"));
      }
      String tracking = tracking(line.tracking(), at, field.apply("tracking"), errors);
      BigDecimal quantity = line.quantity() == null ? BigDecimal.ONE : line.quantity();
      if (quantity.signum() <= 0) {
        errors.add(
            at.problem(
                field.apply("quantity"), "must be more than 0, was " + quantity.toPlainString()));
      } else if ("SERIAL".equals(tracking) && quantity.stripTrailingZeros().scale() > 0) {
        errors.add(
            at.problem(
                field.apply("quantity"),
                "a SERIAL-tracked component counts whole pieces, was " + quantity.toPlainString()));
      }
      List<BomLine.Alternate> alternates = line.alternates();
      for (int a = 0; a < alternates.size(); a++) {
        BomLine.Alternate alt = alternates.get(a);
        String altField = field.apply("alternates[" + a + "].partNumber");
        String altPart = alt == null ? null : text(alt.partNumber(), at, altField, true, errors);
        if (altPart != null
            && altPart.equals(component)
            && (alt.supplier() == null || alt.supplier().isBlank())) {
          errors.add(
              at.problem(
                  field.apply("alternates[" + a + "].supplier"),
                  "an alternate of the same part number '%s' must name its approved supplier"
                      .formatted(altPart)));
        }
      }
      checked.add(
          new BomLine(
              position,
              component,
              tracking,
              Text.blankToNull(line.station()),
              quantity,
              line.required() == null ? Boolean.TRUE : line.required(),
              Text.blankToNull(line.note()),
              alternates.stream()
                  .filter(a -> a != null)
                  .map(
                      a ->
                          new BomLine.Alternate(
                              Text.blankToNull(a.partNumber()),
                              Text.blankToNull(a.supplier()),
                              Text.blankToNull(a.note())))
                  .toList()));
    }
    return checked;
  }

  /** A part number, revision or position: required, trimmed, not too long. */
  static String text(
      String value, Where at, String field, boolean required, List<RowProblem> errors) {
    String v = Text.blankToNull(value);
    if (v == null) {
      if (required) {
        errors.add(at.problem(field, "is required"));
      }
      return null;
    }
    if (v.length() > MAX_TEXT) {
      errors.add(at.problem(field, "is %d characters, at most %d".formatted(v.length(), MAX_TEXT)));
      return null;
    }
    return v;
  }

  private static String tracking(String value, Where at, String field, List<RowProblem> errors) {
    String v = Text.blankToNull(value);
    if (v == null) {
      errors.add(at.problem(field, "is required: SERIAL or LOT"));
      return null;
    }
    String upper = v.toUpperCase(Locale.ROOT);
    if (!upper.equals("SERIAL") && !upper.equals("LOT")) {
      errors.add(at.problem(field, "must be SERIAL or LOT, was '" + v + "'"));
      return null;
    }
    return upper;
  }
}
