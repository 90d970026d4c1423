package org.unitrace.core.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON bodies of the REST API that many tests send: customers, BOMs, sales and lot recalls. */
public final class Bodies {

  private Bodies() {}

  /** A customer {@code reference} called {@code name} with {@code addresses}. */
  @SafeVarargs
  public static Map<String, Object> customer(
      String reference, String name, Map<String, Object>... addresses) {
    return Map.of("reference", reference, "name", name, "addresses", List.of(addresses));
  }

  /** The delivery address at 1 Queen St, Auckland, NZ; {@code more} fields in name-value pairs. */
  public static Map<String, Object> queenStreet(Object... more) {
    return with(
        Map.of("label", "delivery", "street", "1 Queen St", "city", "Auckland", "country", "NZ"),
        more);
  }

  /**
   * A BOM line: {@code position} holds {@code componentPartNumber}, tracked by {@code tracking}
   * (SERIAL or LOT); {@code more} fields (station, quantity, alternates...) in name-value pairs.
   */
  public static Map<String, Object> bomLine(
      String position, String componentPartNumber, String tracking, Object... more) {
    return with(
        Map.of(
            "position", position, "componentPartNumber", componentPartNumber, "tracking", tracking),
        more);
  }

  /** A product revision's body: its BOM of {@code lines}. */
  @SafeVarargs
  public static Map<String, Object> bom(Map<String, Object>... lines) {
    return Map.of("bom", List.of(lines));
  }

  /** A sale of {@code serial} as order line 10 of {@code orderNumber} to {@code customer}. */
  public static Map<String, Object> sale(
      String orderNumber, String customer, String soldOn, String serial) {
    return Map.of(
        "orderNumber",
        orderNumber,
        "customer",
        customer,
        "soldOn",
        soldOn,
        "lines",
        List.of(Map.of("orderLine", "10", "serial", serial)));
  }

  /** A recall campaign of every unit holding a SEAL-3 of {@code lot}. */
  public static Map<String, Object> sealLotRecall(String lot, String reason) {
    return Map.of(
        "title",
        "Seal lot " + lot,
        "reason",
        reason,
        "query",
        Map.of("partNumber", "SEAL-3", "lot", lot));
  }

  private static Map<String, Object> with(Map<String, Object> fields, Object... more) {
    if (more.length % 2 != 0) {
      throw new IllegalArgumentException("fields come in name-value pairs: " + List.of(more));
    }
    Map<String, Object> all = new LinkedHashMap<>(fields);
    for (int i = 0; i < more.length; i += 2) {
      all.put((String) more[i], more[i + 1]);
    }
    return all;
  }
}
