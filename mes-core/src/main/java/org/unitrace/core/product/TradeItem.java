package org.unitrace.core.product;

import java.util.List;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.imports.Where;
import org.unitrace.core.system.Text;
import org.unitrace.line.gs1.Gtin;

/**
 * A product's GS1 identity and label family as people send them: the GTIN (8, 12, 13 or 14 digits,
 * check digit verified, stored as 14) and the family whose label templates print its units.
 */
final class TradeItem {

  private static final String FAMILY = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

  private TradeItem() {}

  /** The GTIN-14, or null when blank or wrong (then the reason is in {@code errors}). */
  static String gtin(String value, Where at, String field, List<RowProblem> errors) {
    String v = Text.blankToNull(value);
    if (v == null) {
      return null;
    }
    try {
      return Gtin.normalize(v);
    } catch (IllegalArgumentException e) {
      errors.add(at.problem(field, e.getMessage()));
      return null;
    }
  }

  static String family(String value, Where at, String field, List<RowProblem> errors) {
    String v = Text.blankToNull(value);
    if (v == null) {
      return null;
    }
    if (!v.matches(FAMILY)) {
      errors.add(
          at.problem(
              field,
              "'%s' is not a family name: a letter or digit, then up to 63 letters, digits, '_',"
                      .formatted(v)
                  + " '.' or '-'"));
      return null;
    }
    return v;
  }
}
