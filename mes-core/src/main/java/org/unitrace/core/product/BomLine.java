package org.unitrace.core.product;

import java.math.BigDecimal;
import java.util.List;

/**
 * One line of a revision's bill of materials as it is written (API body, YAML entry, CSV row): what
 * goes in at {@code position}, tracked by {@code SERIAL} or {@code LOT}, fitted at {@code station}.
 * {@code quantity} defaults to 1 and {@code required} to true.
 */
public record BomLine(
    String position,
    String componentPartNumber,
    String tracking,
    String station,
    BigDecimal quantity,
    Boolean required,
    String note,
    List<Alternate> alternates) {

  public BomLine {
    alternates = alternates == null ? List.of() : List.copyOf(alternates);
  }

  /**
   * An approved alternate: a substitute part number, or the same part from an approved supplier.
   */
  public record Alternate(String partNumber, String supplier, String note) {}
}
