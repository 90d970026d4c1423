package org.unitrace.core.location;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.stolen.Alerts;
import org.unitrace.core.system.NotFoundException;

/**
 * Moves units between locations by serial, one or thousands at once, all or nothing: a unit that is
 * not where the transfer says it comes from stops the whole transfer, named with its row.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Transfers {

  private final JdbcClient jdbc;
  private final Stock stock;
  private final Locations locations;
  private final UnitHistory history;
  private final Alerts alerts;
  private final AuditLog audit;

  /**
   * One unit to move. {@code row}/{@code serialField} say where it came from in the request (CSV
   * row and column, or the JSON list index) so a refusal can point at it; {@code from} null means
   * "from nowhere yet" (a unit straight off its line).
   */
  record Item(Integer row, String serialField, String serial, String from, String to) {}

  public record Transfer(
      long id,
      String from,
      String to,
      int units,
      String note,
      String movedBy,
      OffsetDateTime movedAt,
      List<String> serials) {

    Transfer withSerials(List<String> moved) {
      return new Transfer(id, from, to, units, note, movedBy, movedAt, moved);
    }
  }

  /**
   * Moves units from one location ({@code from} null: from no location yet) to another, for a desk
   * outside this package (the handheld pages); all or nothing as {@link #transfer}.
   */
  @Transactional
  public Transfer move(List<String> serials, String from, String to, String note, String by) {
    List<Item> items = new ArrayList<>(serials.size());
    for (int i = 0; i < serials.size(); i++) {
      items.add(new Item(null, "serials[" + i + "]", serials.get(i), from, to));
    }
    return transfer(items, note, by).get(0);
  }

  @Transactional
  List<Transfer> transfer(List<Item> items, String note, String by) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a transfer needs at least one serial");
    }
    Map<List<String>, List<Item>> groups = new LinkedHashMap<>();
    items.forEach(
        i ->
            groups
                .computeIfAbsent(java.util.Arrays.asList(i.from(), i.to()), k -> new ArrayList<>())
                .add(i));
    groups.forEach(
        (fromTo, group) ->
            alerts.seen(
                group.stream().map(Item::serial).filter(Objects::nonNull).toList(),
                "transfer to location '%s'".formatted(fromTo.get(1)),
                "transfer from %s by %s"
                    .formatted(
                        fromTo.get(0) == null ? "no location" : "'" + fromTo.get(0) + "'", by)));
    check(items);
    Instant at = Instant.now();
    List<Transfer> done = new ArrayList<>();
    for (List<Item> group : groups.values()) {
      done.add(apply(group, note, by, at));
    }
    return done;
  }

  private void check(List<Item> items) {
    List<RowProblem> malformed = new ArrayList<>();
    List<RowProblem> conflicts = new ArrayList<>();
    Map<String, Boolean> known = new HashMap<>();
    Map<String, Item> seen = new HashMap<>();
    for (Item i : items) {
      if (i.serial() == null) {
        malformed.add(new RowProblem(i.row(), i.serialField(), "the serial is empty"));
      } else if (seen.containsKey(i.serial())) {
        Item first = seen.get(i.serial());
        malformed.add(
            new RowProblem(
                i.row(),
                i.serialField(),
                "serial '%s' is listed twice (first %s)"
                    .formatted(
                        i.serial(),
                        first.row() != null ? "row " + first.row() : first.serialField())));
      } else {
        seen.put(i.serial(), i);
      }
      if (i.to() == null) {
        malformed.add(new RowProblem(i.row(), "to", "the destination location is empty"));
      } else if (!known.computeIfAbsent(i.to(), c -> locations.find(c).isPresent())) {
        malformed.add(
            new RowProblem(i.row(), "to", "location '%s' is not known".formatted(i.to())));
      } else if (i.to().equals(i.from())) {
        malformed.add(
            new RowProblem(i.row(), "to", "'%s' is also the source location".formatted(i.to())));
      }
      if (i.from() != null
          && !known.computeIfAbsent(i.from(), c -> locations.find(c).isPresent())) {
        malformed.add(
            new RowProblem(i.row(), "from", "location '%s' is not known".formatted(i.from())));
      }
    }
    if (!malformed.isEmpty()) {
      throw new ImportRejected(malformed);
    }
    Map<String, UnitState> states = stock.lock(seen.keySet());
    for (Item i : items) {
      UnitState s = states.get(i.serial());
      if (!s.known()) {
        conflicts.add(
            new RowProblem(
                i.row(), i.serialField(), "unit '%s' is not known".formatted(i.serial())));
      } else if (i.from() == null && s.place() != null) {
        conflicts.add(
            new RowProblem(
                i.row(),
                i.serialField(),
                "unit '%s' is %s; name it as the source location"
                    .formatted(i.serial(), s.place().describe())));
      } else if (i.from() != null
          && (s.place() == null || !i.from().equals(s.place().location()))) {
        conflicts.add(
            new RowProblem(
                i.row(),
                i.serialField(),
                "unit '%s' is not at source location '%s': it is %s"
                    .formatted(
                        i.serial(),
                        i.from(),
                        s.place() == null ? "at no location yet" : s.place().describe())));
      }
    }
    if (!conflicts.isEmpty()) {
      throw new ImportRejected(conflicts, true);
    }
  }

  private Transfer apply(List<Item> group, String note, String by, Instant at) {
    String from = group.get(0).from();
    String to = group.get(0).to();
    List<String> serials = group.stream().map(Item::serial).toList();
    Transfer header =
        jdbc.sql(
                """
                INSERT INTO transfer (from_location, to_location, units, note, moved_by, moved_at)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING %s
                """
                    .formatted(COLUMNS))
            .params(from, to, serials.size(), note, by, java.sql.Timestamp.from(at))
            .query(Transfers::header)
            .single();
    long id = header.id();
    List<String> moved =
        jdbc.sql(
                """
                WITH moved AS (
                  INSERT INTO transfer_unit (transfer_id, serial)
                  SELECT ?, s FROM unnest(?::text[]) s RETURNING serial
                )
                SELECT serial FROM moved ORDER BY serial
                """)
            .params(id, serials.toArray(String[]::new))
            .query(String.class)
            .list();
    stock.move(serials, new Place(to, null, null, null), at);
    history.record(
        serials,
        at,
        by,
        new HistoryEntry.Transferred(
            id, note, new HistoryEntry.Move(from, to, locations.siteOf(to))));
    Transfer transfer = header.withSerials(moved);
    audit.record("transfer.create", "transfer", String.valueOf(id), null, transfer, note);
    return transfer;
  }

  Transfer find(long id) {
    Transfer t =
        jdbc.sql("SELECT " + COLUMNS + " FROM transfer WHERE id = ?")
            .param(id)
            .query(Transfers::header)
            .optional()
            .orElseThrow(() -> new NotFoundException("transfer", String.valueOf(id)));
    return t.withSerials(
        jdbc.sql("SELECT serial FROM transfer_unit WHERE transfer_id = ? ORDER BY serial")
            .param(id)
            .query(String.class)
            .list());
  }

  private static final String COLUMNS =
      "id, from_location, to_location, units, note, moved_by, moved_at";

  /** A transfer's row of {@link #COLUMNS}, its serials not yet read. */
  private static Transfer header(ResultSet rs, int row) throws SQLException {
    return new Transfer(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, OffsetDateTime.class),
        List.of());
  }
}
