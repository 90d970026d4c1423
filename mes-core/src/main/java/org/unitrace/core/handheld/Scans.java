package org.unitrace.core.handheld;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.location.Place;
import org.unitrace.core.location.Stock;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.stolen.Alerts;
import org.unitrace.core.stolen.StolenReports;
import org.unitrace.core.system.Text;

/**
 * Every code a handheld scans is recorded and answered with what the desk needs at once: the unit
 * (or the units of the package an SSCC names), its status and place, and whether it is stolen or
 * lost. A stolen or lost unit raises its alert here, on whatever page scanned it, in a transaction
 * of its own: the scan and the alert stay even when the desk's action is then refused.
 */
@Service
@RequiredArgsConstructor
class Scans {

  private final JdbcClient jdbc;
  private final Stock stock;
  private final StolenReports stolen;
  private final Alerts alerts;

  /** What was scanned: the code as read, and the serial or SSCC the device took from it. */
  record Scan(
      String code,
      String serial,
      String sscc,
      String page,
      String location,
      String device,
      Instant scannedAt) {

    Scan {
      if (code == null || code.isBlank()) {
        throw new IllegalArgumentException("'code' is required: the text the scanner read");
      }
      if (page == null || page.isBlank()) {
        throw new IllegalArgumentException(
            "'page' is required: where the code was scanned (receive, transfer, ship, ...)");
      }
      serial = Text.blankToNull(serial);
      sscc = Text.blankToNull(sscc);
      if (serial == null && sscc == null) {
        serial = code.strip();
      }
      if (sscc != null && !sscc.matches("\\d{18}")) {
        throw new IllegalArgumentException(
            "'sscc' must be 18 digits, was '%s' (scanned code '%s')".formatted(sscc, code));
      }
    }
  }

  /** The package an SSCC names: the last shipment that carried it, and its units. */
  record Package(long shipmentId, String reference, String kind, List<String> serials) {}

  record Unit(
      String serial,
      boolean known,
      String partNumber,
      String revision,
      String status,
      String holdReason,
      Place place,
      StolenReports.Report stolen) {}

  record Answer(
      long scan,
      String code,
      String serial,
      String sscc,
      Package pack,
      List<Unit> units,
      List<Alerts.Alert> alerts) {}

  @Transactional(propagation = Propagation.REQUIRES_NEW)
  Answer record(Scan s, String by) {
    Package pack = s.sscc() == null ? null : packageOf(s.sscc());
    List<String> serials =
        s.sscc() == null ? List.of(s.serial()) : pack == null ? List.of() : pack.serials();
    List<Alerts.Alert> raised =
        alerts.seen(
            serials,
            "handheld %s page%s"
                .formatted(s.page(), s.location() == null ? "" : " at '" + s.location() + "'"),
            "scan of '%s'%s by %s"
                .formatted(s.code(), s.device() == null ? "" : " on device " + s.device(), by));
    long id =
        jdbc.sql(
                """
                INSERT INTO handheld_scan (code, serial, sscc, page, location, device, scanned_by,
                                           scanned_at, alerts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
            .params(
                s.code(),
                s.serial(),
                s.sscc(),
                s.page(),
                s.location(),
                s.device(),
                by,
                Timestamp.from(s.scannedAt() == null ? Instant.now() : s.scannedAt()),
                raised.size())
            .query(Long.class)
            .single();
    Map<String, StolenReports.Report> flagged = stolen.open(serials);
    List<Unit> units =
        stock.lock(serials).values().stream().map(u -> unit(u, flagged.get(u.serial()))).toList();
    return new Answer(id, s.code(), s.serial(), s.sscc(), pack, units, raised);
  }

  Package packageOf(String sscc) {
    return jdbc.sql(
            """
            SELECT p.shipment_id, p.reference, p.kind,
                   array(SELECT su.serial FROM shipment_unit su WHERE su.package_id = p.id
                          ORDER BY su.serial) AS serials
              FROM shipment_package p WHERE p.sscc = ? ORDER BY p.id DESC LIMIT 1
            """)
        .param(sscc)
        .query(
            (rs, n) ->
                new Package(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    List.of((String[]) rs.getArray(4).getArray())))
        .optional()
        .orElse(null);
  }

  private static Unit unit(UnitState u, StolenReports.Report report) {
    return new Unit(
        u.serial(),
        u.known(),
        u.partNumber(),
        u.revision(),
        u.status(),
        u.holdReason(),
        u.place(),
        report);
  }
}
