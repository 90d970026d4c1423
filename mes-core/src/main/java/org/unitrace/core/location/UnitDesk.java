package org.unitrace.core.location;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.unitrace.core.stolen.Alerts;
import org.unitrace.core.stolen.StolenReports;

/**
 * What every after-sales desk (shipping, sales, returns) does with the units it handles: raises the
 * alert for a stolen or lost unit it sees, locks the units' state for its checks, moves them and
 * writes the move in their timelines. One collaborator instead of five.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class UnitDesk {

  private final Stock stock;
  private final Locations locations;
  private final StolenReports stolen;
  private final Alerts alerts;
  private final UnitHistory history;

  /** Raises (and commits on its own) an alert for every stolen or lost unit among these. */
  public List<Alerts.Alert> seen(Collection<String> serials, String where, String what) {
    return alerts.seen(serials, where, what);
  }

  /** The units' state, locked until the transaction ends. */
  public Map<String, UnitState> lock(Collection<String> serials) {
    return stock.lock(serials);
  }

  /** The open stolen or lost reports of these units, by serial. */
  public Map<String, StolenReports.Report> stolen(Collection<String> serials) {
    return stolen.open(serials);
  }

  /** Moves the units to {@code to}; the caller writes the move in their timelines. */
  public void move(Collection<String> serials, Place to, Instant at) {
    stock.move(serials, to, at);
  }

  /** Appends {@code entry} to every serial's timeline. */
  public void record(Collection<String> serials, Instant at, String by, HistoryEntry entry) {
    history.record(serials, at, by, entry);
  }

  /** The location, or a 404 naming {@code what} it was meant to be. */
  public Locations.Location require(String code, String what) {
    return locations.require(code, what);
  }

  /** The site a location is in. */
  public String siteOf(String code) {
    return locations.siteOf(code);
  }
}
