package org.unitrace.core.product;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.imports.Where;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.Text;

/**
 * The product catalogue: products, revisions and each revision's BOM. A BOM is always written whole
 * (a revision's lines are replaced, never patched), so what the API or an import file says is
 * exactly what the revision holds afterwards; each replacement is audited with before and after.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Catalog {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  /**
   * @param gtin the GTIN-14 its units carry as SGTINs (01 + 21), null when it has none
   * @param family the label family whose templates print its units, null for the defaults
   */
  public record Product(
      String partNumber, String name, String gtin, String family, List<Revision> revisions) {}

  public record Revision(
      String revision, String description, int bomItems, OffsetDateTime bomUpdatedAt) {}

  /** A stored BOM line, with the id other features refer to. */
  public record BomItem(
      long id,
      String position,
      String componentPartNumber,
      String tracking,
      String station,
      BigDecimal quantity,
      boolean required,
      String note,
      List<BomLine.Alternate> alternates) {}

  public record Bom(
      String partNumber,
      String revision,
      String description,
      OffsetDateTime updatedAt,
      List<BomItem> items) {}

  /** Creates a product, or names one the line registered by itself (which has no name). */
  @Transactional
  public Product create(String partNumber, String name) {
    return create(partNumber, name, null, null);
  }

  /**
   * Creates a product with its GTIN (8, 12, 13 or 14 digits, stored as 14) and label family, or
   * names one the line registered by itself.
   */
  @Transactional
  public Product create(String partNumber, String name, String gtin, String family) {
    List<RowProblem> errors = new ArrayList<>();
    String pn = BomRules.text(partNumber, Where.BODY, "partNumber", true, errors);
    BomRules.text(name, Where.BODY, "name", false, errors);
    String g = TradeItem.gtin(gtin, Where.BODY, "gtin", errors);
    String f = TradeItem.family(family, Where.BODY, "family", errors);
    if (!errors.isEmpty()) {
      throw new ImportRejected(errors);
    }
    gtinFree(g, pn);
    int written =
        jdbc.sql(
                """
                INSERT INTO product (part_number, name) VALUES (?, ?)
                ON CONFLICT (part_number) DO UPDATE SET name = excluded.name, updated_at = now()
                 WHERE product.name IS NULL OR product.name = excluded.name
                """)
            .params(pn, Text.blankToNull(name))
            .update();
    if (written == 0) {
      throw new ConflictException(
          "product '%s' exists already as '%s'".formatted(pn, product(pn).name()));
    }
    if (g != null || f != null) {
      jdbc.sql(
              "UPDATE product SET gtin = coalesce(?, gtin), family = coalesce(?, family),"
                  + " updated_at = now() WHERE part_number = ?")
          .params(g, f, pn)
          .update();
    }
    Product product = product(pn);
    audit.record("product.create", "product", pn, null, product, null);
    return product;
  }

  /**
   * Sets a product's GTIN and label family: a null argument leaves the field as it is, a blank one
   * clears it.
   */
  @Transactional
  public Product setTradeItem(String partNumber, String gtin, String family) {
    Product before = product(partNumber);
    List<RowProblem> errors = new ArrayList<>();
    String g = TradeItem.gtin(gtin, Where.BODY, "gtin", errors);
    String f = TradeItem.family(family, Where.BODY, "family", errors);
    if (!errors.isEmpty()) {
      throw new ImportRejected(errors);
    }
    gtinFree(g, partNumber);
    jdbc.sql("UPDATE product SET gtin = ?, family = ?, updated_at = now() WHERE part_number = ?")
        .params(gtin == null ? before.gtin() : g, family == null ? before.family() : f, partNumber)
        .update();
    Product after = product(partNumber);
    audit.record("product.trade-item", "product", partNumber, before, after, null);
    return after;
  }

  /** The product that carries {@code gtin14}, if any. */
  public java.util.Optional<String> partNumberOfGtin(String gtin14) {
    return jdbc.sql("SELECT part_number FROM product WHERE gtin = ?")
        .param(gtin14)
        .query(String.class)
        .optional();
  }

  /** Refuses a GTIN another product carries already: a GTIN names one trade item. */
  void gtinFree(String gtin, String partNumber) {
    if (gtin == null) {
      return;
    }
    partNumberOfGtin(gtin)
        .filter(other -> !other.equals(partNumber))
        .ifPresent(
            other -> {
              throw new ConflictException(
                  "GTIN %s is product %s's already; a GTIN names one product"
                      .formatted(gtin, other));
            });
  }

  public List<Product> list() {
    return jdbc
        .sql("SELECT part_number FROM product ORDER BY part_number")
        .query(String.class)
        .list()
        .stream()
        .map(this::product)
        .toList();
  }

  public Product product(String partNumber) {
    String[] row =
        jdbc.sql("SELECT coalesce(name, ''), gtin, family FROM product WHERE part_number = ?")
            .param(partNumber)
            .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
            .optional()
            .orElseThrow(() -> new NotFoundException("product", partNumber));
    String name = row[0];
    List<Revision> revisions =
        jdbc.sql(
                """
                SELECT r.revision, r.description,
                       (SELECT count(*) FROM bom_item b
                         WHERE b.part_number = r.part_number AND b.revision = r.revision)::int,
                       r.bom_updated_at
                  FROM product_revision r WHERE r.part_number = ? ORDER BY r.revision
                """)
            .param(partNumber)
            .query(
                (rs, i) ->
                    new Revision(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class)))
            .list();
    return new Product(partNumber, name.isEmpty() ? null : name, row[1], row[2], revisions);
  }

  /** Creates or replaces a revision with its whole BOM, as the API sends it. */
  @Transactional
  public Bom putRevision(
      String partNumber, String revision, String description, List<BomLine> bom) {
    List<RowProblem> errors = new ArrayList<>();
    BomRules.text(partNumber, Where.BODY, "partNumber", true, errors);
    BomRules.text(revision, Where.BODY, "revision", true, errors);
    List<BomLine> lines =
        BomRules.check(
            partNumber,
            bom == null ? List.of() : bom,
            i -> Where.path("bom[" + i + "]"),
            UnaryOperator.identity(),
            errors);
    if (!errors.isEmpty()) {
      throw new ImportRejected(errors);
    }
    return write(partNumber, null, null, null, revision, description, lines, "product.bom.replace");
  }

  public Bom bom(String partNumber, String revision) {
    String description =
        jdbc.sql(
                "SELECT coalesce(description, '') FROM product_revision"
                    + " WHERE part_number = ? AND revision = ?")
            .params(partNumber, revision)
            .query(String.class)
            .optional()
            .orElseThrow(
                () -> new NotFoundException("product revision", partNumber + " rev " + revision));
    OffsetDateTime updated =
        jdbc.sql(
                "SELECT bom_updated_at FROM product_revision WHERE part_number = ? AND revision = ?")
            .params(partNumber, revision)
            .query(OffsetDateTime.class)
            .optional()
            .orElse(null);
    Map<Long, List<BomLine.Alternate>> alternates = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT a.bom_item_id, a.part_number, a.supplier, a.note
              FROM bom_alternate a JOIN bom_item b ON b.id = a.bom_item_id
             WHERE b.part_number = ? AND b.revision = ? ORDER BY a.id
            """)
        .params(partNumber, revision)
        .query(
            rs -> {
              alternates
                  .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                  .add(new BomLine.Alternate(rs.getString(2), rs.getString(3), rs.getString(4)));
            });
    List<BomItem> items =
        jdbc.sql(
                """
                SELECT id, position, component_part_number, tracking, station, quantity, required,
                       note
                  FROM bom_item WHERE part_number = ? AND revision = ? ORDER BY id
                """)
            .params(partNumber, revision)
            .query(
                (rs, i) ->
                    new BomItem(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBigDecimal(6).stripTrailingZeros(),
                        rs.getBoolean(7),
                        rs.getString(8),
                        alternates.getOrDefault(rs.getLong(1), List.of())))
            .list();
    return new Bom(
        partNumber, revision, description.isEmpty() ? null : description, updated, items);
  }

  /** Writes a checked revision and its BOM, replacing what it had; audited as {@code action}. */
  Bom write(
      String partNumber,
      String productName,
      String gtin,
      String family,
      String revision,
      String description,
      List<BomLine> lines,
      String action) {
    jdbc.sql(
            """
            INSERT INTO product (part_number, name, gtin, family) VALUES (?, ?, ?, ?)
            ON CONFLICT (part_number) DO UPDATE
               SET name = coalesce(excluded.name, product.name),
                   gtin = coalesce(excluded.gtin, product.gtin),
                   family = coalesce(excluded.family, product.family), updated_at = now()
            """)
        .params(partNumber, productName, gtin, family)
        .update();
    Bom before = existing(partNumber, revision);
    jdbc.sql(
            """
            INSERT INTO product_revision (part_number, revision, description, bom_updated_at)
            VALUES (?, ?, ?, now())
            ON CONFLICT (part_number, revision) DO UPDATE
               SET description = coalesce(excluded.description, product_revision.description),
                   bom_updated_at = now()
            """)
        .params(partNumber, revision, Text.blankToNull(description))
        .update();
    jdbc.sql("DELETE FROM bom_item WHERE part_number = ? AND revision = ?")
        .params(partNumber, revision)
        .update();
    for (BomLine line : lines) {
      long id =
          jdbc.sql(
                  """
                  INSERT INTO bom_item (part_number, revision, position, component_part_number,
                                        tracking, station, quantity, required, note)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                  """)
              .params(
                  partNumber,
                  revision,
                  line.position(),
                  line.componentPartNumber(),
                  line.tracking(),
                  line.station(),
                  line.quantity(),
                  line.required(),
                  line.note())
              .query(Long.class)
              .single();
      for (BomLine.Alternate alt : line.alternates()) {
        jdbc.sql(
                "INSERT INTO bom_alternate (bom_item_id, part_number, supplier, note)"
                    + " VALUES (?, ?, ?, ?)")
            .params(id, alt.partNumber(), alt.supplier(), alt.note())
            .update();
      }
    }
    Bom after = bom(partNumber, revision);
    audit.record(action, "product_revision", partNumber + "/" + revision, before, after, null);
    return after;
  }

  private Bom existing(String partNumber, String revision) {
    try {
      return bom(partNumber, revision);
    } catch (NotFoundException e) {
      return null;
    }
  }
}
