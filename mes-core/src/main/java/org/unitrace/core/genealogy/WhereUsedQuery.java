package org.unitrace.core.genealogy;

/**
 * What a forward trace starts from: a component serial, or a supplier lot of a part number.
 * Anything else is refused with the reason.
 */
public record WhereUsedQuery(String componentSerial, String partNumber, String lot) {

  public WhereUsedQuery {
    componentSerial = blankToNull(componentSerial);
    partNumber = blankToNull(partNumber);
    lot = blankToNull(lot);
    boolean bySerial = componentSerial != null;
    boolean byLot = lot != null || partNumber != null;
    if (bySerial == byLot) {
      throw new IllegalArgumentException(
          "give either componentSerial, or partNumber and lot (got componentSerial=%s,"
                  .formatted(componentSerial)
              + " partNumber=%s, lot=%s)".formatted(partNumber, lot));
    }
    if (byLot && (lot == null || partNumber == null)) {
      throw new IllegalArgumentException(
          "a lot trace needs both partNumber and lot (got partNumber=%s, lot=%s)"
              .formatted(partNumber, lot));
    }
  }

  public String describe() {
    return componentSerial != null
        ? "componentSerial=" + componentSerial
        : "partNumber=" + partNumber + ", lot=" + lot;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
