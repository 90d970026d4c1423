package org.unitrace.edge.bom;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A product revision's bill of materials as mes-core serves it ({@code GET
 * /api/products/{partNumber}/revisions/{rev}/bom}): what each station fits, tracked by serial or by
 * lot, in what quantity, and the approved alternates.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Bom(String partNumber, String revision, List<Item> items) {

  public Bom {
    items = items == null ? List.of() : List.copyOf(items);
  }

  /** One BOM position; {@code station} null means any station may fit it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Item(
      String position,
      String componentPartNumber,
      String tracking,
      String station,
      BigDecimal quantity,
      boolean required,
      List<Alternate> alternates) {

    public Item {
      alternates = alternates == null ? List.of() : List.copyOf(alternates);
      quantity = quantity == null ? BigDecimal.ONE : quantity;
    }

    public boolean bySerial() {
      return "SERIAL".equalsIgnoreCase(tracking);
    }

    public boolean fitsAt(String stationId) {
      return station == null || station.isBlank() || station.equals(stationId);
    }

    /** Whether a part (from a supplier, when known) is this position's part or an alternate. */
    public boolean accepts(String partNumber, String supplier) {
      if (componentPartNumber.equals(partNumber)) {
        return true;
      }
      for (Alternate a : alternates) {
        boolean part = a.partNumber() == null || a.partNumber().equals(partNumber);
        boolean from = a.supplier() == null || a.supplier().equals(supplier);
        if (part && from && (a.partNumber() != null)) {
          return true;
        }
      }
      return false;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Alternate(String partNumber, String supplier, String note) {}

  /** The position at {@code station} that takes this part, if any. */
  public Optional<Item> positionFor(String station, String partNumber, String supplier) {
    return items.stream()
        .filter(i -> i.fitsAt(station) && i.accepts(partNumber, supplier))
        .findFirst();
  }

  /** The positions a station fits. */
  public List<Item> at(String station) {
    return items.stream().filter(i -> i.station() != null && i.station().equals(station)).toList();
  }
}
