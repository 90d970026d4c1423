package org.unitrace.core.plant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.NotFoundException;

/** Stations as the core knows them, with their current machine state; names and kinds editable. */
@RestController
@RequestMapping("/api/stations")
@RequiredArgsConstructor
class PlantController {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  record StationView(
      String site,
      String line,
      String station,
      String name,
      String kind,
      String state,
      String faultCode,
      OffsetDateTime stateChangedAt) {}

  /** What a production engineer may set on a station. */
  record StationEdit(
      @Size(max = 200) String name,
      @Pattern(
              regexp = "marking|assembly|test|pack|other",
              message = "must be one of marking, assembly, test, pack, other")
          String kind) {}

  @GetMapping
  List<StationView> stations() {
    return jdbc.sql(
            "SELECT site, line, code, name, kind, state, fault_code, state_changed_at"
                + " FROM station ORDER BY site, line, code")
        .query(
            (rs, i) ->
                new StationView(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getObject(8, OffsetDateTime.class)))
        .list();
  }

  @PutMapping("/{site}/{line}/{station}")
  @Transactional
  StationView edit(
      @PathVariable String site,
      @PathVariable String line,
      @PathVariable String station,
      @Valid @RequestBody StationEdit edit) {
    StationView before = station(site, line, station);
    int updated =
        jdbc.sql("UPDATE station SET name = ?, kind = ? WHERE site = ? AND line = ? AND code = ?")
            .params(edit.name(), edit.kind(), site, line, station)
            .update();
    if (updated == 0) {
      throw new NotFoundException("station", site + "/" + line + "/" + station);
    }
    StationView after = station(site, line, station);
    audit.record(
        "station.update", "station", site + "/" + line + "/" + station, before, after, null);
    return after;
  }

  private StationView station(String site, String line, String station) {
    return stations().stream()
        .filter(s -> s.site().equals(site) && s.line().equals(line) && s.station().equals(station))
        .findFirst()
        .orElse(null);
  }
}
