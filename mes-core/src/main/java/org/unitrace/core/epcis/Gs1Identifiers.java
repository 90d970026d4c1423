package org.unitrace.core.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Turns the plant URNs of units and lots in finished events into SGTINs and LGTINs where the
 * product has a GTIN, with one query for all serials and one for all part numbers of an export.
 */
final class Gs1Identifiers {

  private static final List<String> EPC_LISTS = List.of("epcList", "inputEPCList", "outputEPCList");
  private static final List<String> QUANTITY_LISTS = List.of("quantityList", "inputQuantityList");

  private Gs1Identifiers() {}

  static void apply(JdbcTemplate jdbc, List<ObjectNode> events) {
    Set<String> serials = new LinkedHashSet<>();
    Set<String> parts = new LinkedHashSet<>();
    for (ObjectNode e : events) {
      for (String list : EPC_LISTS) {
        for (JsonNode epc : e.path(list)) {
          if (epc.asText().startsWith(Urns.UNIT_PREFIX)) {
            serials.add(Urns.decode(epc.asText().substring(Urns.UNIT_PREFIX.length())));
          }
        }
      }
      for (String list : QUANTITY_LISTS) {
        for (JsonNode q : e.path(list)) {
          String[] lot = lot(q.path("epcClass").asText());
          if (lot != null) {
            parts.add(lot[0]);
          }
        }
      }
    }
    Map<String, String> gtinOfSerial = new HashMap<>();
    if (!serials.isEmpty()) {
      jdbc.query(
          "SELECT u.serial, p.gtin FROM unit u JOIN product p ON p.part_number = u.part_number"
              + " WHERE p.gtin IS NOT NULL AND u.serial = ANY (?)",
          rs -> {
            gtinOfSerial.put(rs.getString(1), rs.getString(2));
          },
          (Object) serials.toArray(String[]::new));
    }
    Map<String, String> gtinOfPart = new HashMap<>();
    if (!parts.isEmpty()) {
      jdbc.query(
          "SELECT part_number, gtin FROM product WHERE gtin IS NOT NULL AND part_number = ANY (?)",
          rs -> {
            gtinOfPart.put(rs.getString(1), rs.getString(2));
          },
          (Object) parts.toArray(String[]::new));
    }
    if (gtinOfSerial.isEmpty() && gtinOfPart.isEmpty()) {
      return;
    }
    for (ObjectNode e : events) {
      for (String list : EPC_LISTS) {
        if (e.get(list) instanceof ArrayNode epcs) {
          for (int i = 0; i < epcs.size(); i++) {
            String epc = epcs.get(i).asText();
            if (epc.startsWith(Urns.UNIT_PREFIX)) {
              String serial = Urns.decode(epc.substring(Urns.UNIT_PREFIX.length()));
              epcs.set(i, new TextNode(Urns.unit(serial, gtinOfSerial.get(serial))));
            }
          }
        }
      }
      for (String list : QUANTITY_LISTS) {
        for (JsonNode q : e.path(list)) {
          String[] lot = lot(q.path("epcClass").asText());
          if (lot != null && q instanceof ObjectNode o) {
            o.put("epcClass", Urns.lot(lot[0], lot[1], gtinOfPart.get(lot[0])));
          }
        }
      }
    }
  }

  /** Part number and lot of a plant lot URN, else null. */
  private static String[] lot(String epcClass) {
    if (!epcClass.startsWith(Urns.LOT_PREFIX)) {
      return null;
    }
    String[] parts = epcClass.substring(Urns.LOT_PREFIX.length()).split(":", -1);
    return parts.length == 2 ? new String[] {Urns.decode(parts[0]), Urns.decode(parts[1])} : null;
  }
}
