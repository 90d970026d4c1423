package org.unitrace.core.product;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;

/**
 * Imports whole revisions read from a CSV or YAML file, all or nothing: every revision is checked
 * first, with the errors the reader found, and nothing is written unless all pass; then each named
 * revision's BOM is replaced by the file's.
 */
@Service
@RequiredArgsConstructor
class BomImport {

  private final Catalog catalog;

  record ImportSummary(int products, int revisions, int bomItems, int alternates) {}

  @Transactional
  ImportSummary importRevisions(
      String what, List<RevisionImport> revisions, List<RowProblem> readErrors) {
    List<RowProblem> errors = new ArrayList<>(readErrors);
    Map<String, RevisionImport> seen = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, String> gtins = new LinkedHashMap<>();
    Map<String, String> families = new LinkedHashMap<>();
    Map<String, String> productOfGtin = new LinkedHashMap<>();
    List<List<BomLine>> checked = new ArrayList<>();
    for (RevisionImport r : revisions) {
      String key = r.partNumber() + "\u0000" + r.revision();
      RevisionImport first = seen.putIfAbsent(key, r);
      if (first != null) {
        errors.add(
            r.at()
                .problem(
                    r.field().apply("revision"),
                    "%s revision %s appears twice (first at %s)"
                        .formatted(r.partNumber(), r.revision(), first.at())));
      }
      String name = r.productName();
      String earlier = name == null ? null : names.putIfAbsent(r.partNumber(), name);
      if (earlier != null && !earlier.equals(name)) {
        errors.add(
            r.at()
                .problem(
                    r.field().apply("name"),
                    "product %s is named '%s' here and '%s' before"
                        .formatted(r.partNumber(), name, earlier)));
      }
      same(gtins, r, r.gtin(), "gtin", errors);
      same(families, r, r.family(), "family", errors);
      if (r.gtin() != null) {
        String other = productOfGtin.putIfAbsent(r.gtin(), r.partNumber());
        if (other == null) {
          other = catalog.partNumberOfGtin(r.gtin()).orElse(r.partNumber());
        }
        if (!other.equals(r.partNumber())) {
          errors.add(
              r.at()
                  .problem(
                      r.field().apply("gtin"),
                      "GTIN %s is product %s's already; a GTIN names one product"
                          .formatted(r.gtin(), other)));
        }
      }
      checked.add(
          BomRules.check(r.partNumber(), r.lines(), i -> r.where().get(i), r.field(), errors));
    }
    if (!errors.isEmpty()) {
      throw new ImportRejected(errors);
    }
    int items = 0;
    int alternates = 0;
    for (int i = 0; i < revisions.size(); i++) {
      RevisionImport r = revisions.get(i);
      catalog.write(
          r.partNumber(),
          r.productName(),
          r.gtin(),
          r.family(),
          r.revision(),
          r.description(),
          checked.get(i),
          "product.bom.import");
      items += checked.get(i).size();
      alternates += checked.get(i).stream().mapToInt(l -> l.alternates().size()).sum();
    }
    int products = (int) revisions.stream().map(RevisionImport::partNumber).distinct().count();
    return new ImportSummary(products, revisions.size(), items, alternates);
  }

  /** One product's GTIN or family must read the same on every revision of the file. */
  private static void same(
      Map<String, String> seen,
      RevisionImport r,
      String value,
      String field,
      List<RowProblem> errors) {
    String earlier = value == null ? null : seen.putIfAbsent(r.partNumber(), value);
    if (earlier != null && !earlier.equals(value)) {
      errors.add(
          r.at()
              .problem(
                  r.field().apply(field),
                  "product %s has %s %s here and %s before"
                      .formatted(r.partNumber(), field, value, earlier)));
    }
  }
}
