package org.unitrace.core.product;

import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.unitrace.core.imports.FileImport;
import org.unitrace.core.imports.RowProblem;

/**
 * Products, revisions and BOMs from an ERP file: the CSV import of {@code /api/products/import}.
 */
@Component
@RequiredArgsConstructor
class ProductFileImport implements FileImport {

  private final BomImport bomImport;

  @Override
  public String flow() {
    return "products";
  }

  @Override
  public List<String> columns() {
    return BomCsv.KNOWN.stream().sorted().toList();
  }

  @Override
  public Object importCsv(byte[] file, String by) {
    List<RowProblem> errors = new ArrayList<>();
    return bomImport.importRevisions("BOM CSV import", BomCsv.read(file, errors), errors);
  }
}
