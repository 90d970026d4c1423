package org.unitrace.core.lot;

import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.unitrace.core.imports.FileImport;

/** Goods receipts from an ERP file: the same import as {@code POST /api/lots/import}. */
@Component
@RequiredArgsConstructor
class LotFileImport implements FileImport {

  private final Lots lots;

  @Override
  public String flow() {
    return "lots";
  }

  @Override
  public List<String> columns() {
    return List.of(
        "part_number", "supplier", "lot", "received_date", "quantity", "certificate", "note");
  }

  @Override
  public Object importCsv(byte[] file, String by) {
    return lots.importCsv(file, by);
  }
}
