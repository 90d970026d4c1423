package org.unitrace.core.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.imports.Where;

/**
 * Reads a BOM CSV file: one row per BOM line, the revision's identity repeated on each row; the
 * rows of one part number and revision together make that revision's whole BOM. Alternates are in
 * one cell, separated by {@code |}, each a part number with an optional {@code @supplier}.
 */
final class BomCsv {

  static final List<String> REQUIRED =
      List.of("part_number", "revision", "position", "component_part_number", "tracking");

  static final Set<String> KNOWN =
      Set.of(
          "part_number",
          "product_name",
          "gtin",
          "family",
          "revision",
          "revision_description",
          "position",
          "component_part_number",
          "tracking",
          "station",
          "quantity",
          "required",
          "alternates",
          "note");

  private BomCsv() {}

  /**
   * The file's revisions; what is wrong in a row goes to {@code errors}, to be reported with the
   * rest. A file that is not CSV as {@link Csv} reads it is refused at once.
   */
  static List<RevisionImport> read(byte[] file, List<RowProblem> errors) {
    Map<String, Builder> revisions = new LinkedHashMap<>();
    for (Csv.Row row : Csv.read(file, REQUIRED)) {
      String pn = BomRules.text(row.get("part_number"), row.where(), "part_number", true, errors);
      String rev = BomRules.text(row.get("revision"), row.where(), "revision", true, errors);
      if (pn == null || rev == null) {
        continue;
      }
      Builder b =
          revisions.computeIfAbsent(pn + "\u0000" + rev, k -> new Builder(pn, rev, row.where()));
      b.name = same(b.name, row.get("product_name"), row, "product_name", errors);
      b.gtin =
          same(
              b.gtin,
              TradeItem.gtin(row.get("gtin"), row.where(), "gtin", errors),
              row,
              "gtin",
              errors);
      b.family =
          same(
              b.family,
              TradeItem.family(row.get("family"), row.where(), "family", errors),
              row,
              "family",
              errors);
      b.description =
          same(b.description, row.get("revision_description"), row, "revision_description", errors);
      b.lines.add(
          new BomLine(
              row.get("position"),
              row.get("component_part_number"),
              row.get("tracking"),
              row.get("station"),
              quantity(row, errors),
              bool(row, "required", errors),
              row.get("note"),
              alternates(row.get("alternates"))));
      b.where.add(row.where());
    }
    return revisions.values().stream()
        .map(
            b ->
                new RevisionImport(
                    b.partNumber,
                    b.name,
                    b.gtin,
                    b.family,
                    b.revision,
                    b.description,
                    b.at,
                    b.lines,
                    b.where,
                    BomCsv::column))
        .toList();
  }

  /** The CSV column of an API property name, for errors found after reading. */
  static String column(String property) {
    if (property.startsWith("alternates")) {
      return "alternates";
    }
    if (property.equals("name")) {
      return "product_name";
    }
    return property.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }

  private static String same(
      String earlier, String value, Csv.Row row, String column, List<RowProblem> errors) {
    if (value == null) {
      return earlier;
    }
    if (earlier != null && !earlier.equals(value)) {
      errors.add(
          row.where()
              .problem(
                  column,
                  "'%s' differs from '%s' on an earlier row of the same revision"
                      .formatted(value, earlier)));
      return earlier;
    }
    return value;
  }

  static BigDecimal quantity(Csv.Row row, List<RowProblem> errors) {
    String v = row.get("quantity");
    if (v == null) {
      return null;
    }
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      errors.add(row.where().problem("quantity", "not a number: '" + v + "'"));
      return null;
    }
  }

  static Boolean bool(Csv.Row row, String column, List<RowProblem> errors) {
    String v = row.get(column);
    if (v == null) {
      return null;
    }
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "y", "1" -> Boolean.TRUE;
      case "false", "no", "n", "0" -> Boolean.FALSE;
      default -> {
        errors.add(row.where().problem(column, "must be true or false, was '" + v + "'"));
        yield null;
      }
    };
  }

  /** {@code PCB-12B|PCB-12@Acme Corp}: a substitute part, and the same part from Acme Corp. */
  static List<BomLine.Alternate> alternates(String cell) {
    if (cell == null) {
      return List.of();
    }
    List<BomLine.Alternate> alternates = new ArrayList<>();
    for (String entry : cell.split("\\|")) {
      if (entry.isBlank()) {
        continue;
      }
      int at = entry.indexOf('@');
      alternates.add(
          at < 0
              ? new BomLine.Alternate(entry.strip(), null, null)
              : new BomLine.Alternate(
                  entry.substring(0, at).strip(), entry.substring(at + 1).strip(), null));
    }
    return alternates;
  }

  private static final class Builder {
    final String partNumber;
    final String revision;
    final Where at;
    String name;
    String gtin;
    String family;
    String description;
    final List<BomLine> lines = new ArrayList<>();
    final List<Where> where = new ArrayList<>();

    Builder(String partNumber, String revision, Where at) {
      this.partNumber = partNumber;
      this.revision = revision;
      this.at = at;
    }
  }
}
