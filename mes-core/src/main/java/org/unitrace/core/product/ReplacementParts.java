package org.unitrace.core.product;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.unitrace.core.system.NotFoundException;

/**
 * What after-sales needs to replace a part of a unit: per BOM position, the part (and, for a
 * sub-assembly, the revision) the unit was actually built with, as its genealogy edges still bound
 * say, and the parts the BOM approves for that position today: the primary part and its alternates.
 */
@Service
@RequiredArgsConstructor
class ReplacementParts {

  private final JdbcClient jdbc;
  private final Catalog catalog;

  record BuiltWith(
      String partNumber,
      String revision,
      String componentSerial,
      String lot,
      String supplier,
      OffsetDateTime boundAt) {}

  record Replacement(String partNumber, String supplier, boolean primary, String note) {}

  /** A BOM position, or (position null) the parts bound that the BOM does not list. */
  record Position(
      String position,
      String bomPartNumber,
      String tracking,
      String station,
      List<BuiltWith> builtWith,
      List<Replacement> replacements) {}

  record View(
      String serial,
      String partNumber,
      String revision,
      boolean bomKnown,
      List<Position> positions) {}

  private record Edge(String position, BuiltWith part) {}

  View of(String serial) {
    String[] unit =
        jdbc.sql("SELECT part_number, revision FROM unit WHERE serial = ?")
            .param(serial)
            .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
            .optional()
            .orElseThrow(() -> new NotFoundException("unit", serial));
    List<Catalog.BomItem> items = bomItems(unit[0], unit[1]);
    List<Edge> edges =
        jdbc.sql(
                """
                SELECT c.position, c.part_number, s.revision, c.component_serial, c.lot,
                       coalesce(c.supplier, l.supplier), c.bound_at
                  FROM unit_component c
                  LEFT JOIN unit s ON s.serial = c.component_serial
                  LEFT JOIN supplier_lot l ON l.part_number = c.part_number AND l.lot = c.lot
                 WHERE c.unit_serial = ? AND c.bound_at IS NOT NULL AND c.unbound_at IS NULL
                 ORDER BY c.bound_at, c.id
                """)
            .param(serial)
            .query(
                (rs, i) ->
                    new Edge(
                        rs.getString(1),
                        new BuiltWith(
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getObject(7, OffsetDateTime.class))))
            .list();
    Map<Catalog.BomItem, List<BuiltWith>> built = new LinkedHashMap<>();
    items.forEach(item -> built.put(item, new ArrayList<>()));
    List<BuiltWith> unlisted = new ArrayList<>();
    for (Edge edge : edges) {
      Catalog.BomItem item = match(items, edge);
      (item == null ? unlisted : built.get(item)).add(edge.part());
    }
    List<Position> positions = new ArrayList<>();
    built.forEach(
        (item, parts) ->
            positions.add(
                new Position(
                    item.position(),
                    item.componentPartNumber(),
                    item.tracking(),
                    item.station(),
                    parts,
                    replacements(item))));
    if (!unlisted.isEmpty()) {
      positions.add(new Position(null, null, null, null, unlisted, List.of()));
    }
    return new View(serial, unit[0], unit[1], !items.isEmpty(), positions);
  }

  private List<Catalog.BomItem> bomItems(String partNumber, String revision) {
    if (partNumber == null || revision == null) {
      return List.of();
    }
    try {
      return catalog.bom(partNumber, revision).items();
    } catch (NotFoundException e) {
      return List.of();
    }
  }

  /** The position the edge names, else the first position whose approved parts include it. */
  private static Catalog.BomItem match(List<Catalog.BomItem> items, Edge edge) {
    for (Catalog.BomItem item : items) {
      if (Objects.equals(item.position(), edge.position())) {
        return item;
      }
    }
    for (Catalog.BomItem item : items) {
      if (item.componentPartNumber().equals(edge.part().partNumber())
          || item.alternates().stream()
              .anyMatch(a -> a.partNumber().equals(edge.part().partNumber()))) {
        return item;
      }
    }
    return null;
  }

  private static List<Replacement> replacements(Catalog.BomItem item) {
    List<Replacement> parts = new ArrayList<>();
    parts.add(new Replacement(item.componentPartNumber(), null, true, item.note()));
    item.alternates()
        .forEach(a -> parts.add(new Replacement(a.partNumber(), a.supplier(), false, a.note())));
    return parts;
  }
}
