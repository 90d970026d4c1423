package org.unitrace.core.integrity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.contract.EventPayload.UnitSerialized;
import org.unitrace.contract.EventPayload.UnitStatus;
import org.unitrace.contract.EventPayload.UnitStatusChanged;

/**
 * Checks a just-projected batch against the BOMs, inside the ingesting transaction: one set-based
 * statement per kind of check, and only for batches that hold bindings, serializations or
 * completions. Lookups go through the existing indexes (edges by unit and by component serial).
 * Checks use what is known when the batch arrives: a unit without a BOM for its revision is not
 * checked, and a binding that arrived before its unit's serialization is checked when that comes.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class IntegrityChecks {

  private final JdbcClient jdbc;

  /** Raises the exceptions the batch's bindings, serializations and completions reveal. */
  public void check(List<Event> events) {
    Set<String> units = new LinkedHashSet<>();
    List<String> bindEvents = new ArrayList<>();
    List<String[]> serialBinds = new ArrayList<>(); // event id, component serial
    List<String> serialized = new ArrayList<>();
    List<String> completed = new ArrayList<>();
    for (Event e : events) {
      if (e.payload() instanceof ComponentBound b) {
        units.add(b.unitSerial());
        bindEvents.add(e.eventId().toString());
        if (b.componentSerial() != null) {
          serialBinds.add(new String[] {e.eventId().toString(), b.componentSerial()});
        }
      } else if (e.payload() instanceof UnitSerialized u) {
        units.add(u.serial());
        serialized.add(u.serial());
      } else if (e.payload() instanceof UnitStatusChanged s && s.status() == UnitStatus.COMPLETED) {
        completed.add(s.serial());
      }
    }
    if (!units.isEmpty()) {
      jdbc.sql(IntegritySql.WRONG_PART)
          .param("units", units.toArray(String[]::new))
          .param("events", bindEvents.toArray(String[]::new))
          .param("serialized", serialized.toArray(String[]::new))
          .update();
    }
    if (!bindEvents.isEmpty()) {
      if (!serialBinds.isEmpty()) {
        jdbc.sql(IntegritySql.DOUBLE_CONSUMPTION)
            .param("events", serialBinds.stream().map(b -> b[0]).toArray(String[]::new))
            .param("components", serialBinds.stream().map(b -> b[1]).toArray(String[]::new))
            .update();
      }
      jdbc.sql(IntegritySql.INCOMPLETE_FILLED_LATE)
          .param("units", units.toArray(String[]::new))
          .update();
    }
    if (!completed.isEmpty()) {
      jdbc.sql(IntegritySql.INCOMPLETE)
          .param("completed", completed.stream().distinct().toArray(String[]::new))
          .update();
    }
  }
}
