package org.unitrace.contract;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.contract.EventPayload.ComponentUnbound;
import org.unitrace.contract.EventPayload.CyclesNotCaptured;
import org.unitrace.contract.EventPayload.MarkVerified;
import org.unitrace.contract.EventPayload.MaterialLoaded;
import org.unitrace.contract.EventPayload.MaterialUnloaded;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.RunEnded;
import org.unitrace.contract.EventPayload.RunStarted;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.EventPayload.StationStateChanged;
import org.unitrace.contract.EventPayload.UnitSerialized;
import org.unitrace.contract.EventPayload.UnitStatus;
import org.unitrace.contract.EventPayload.UnitStatusChanged;

/** One realistic event of every type, with every optional field filled where it makes sense. */
final class EventSamples {

  static final Instant AT = Instant.parse("2025-03-14T09:26:53.589Z");

  private EventSamples() {}

  static Map<EventType, Event> all() {
    Map<EventType, Event> samples = new EnumMap<>(EventType.class);
    put(samples, new RunStarted("WO-4711", "CTRL-900", "C", 250, "early"));
    put(samples, new RunEnded("WO-4711", 248, "material shortage"));
    put(samples, new UnitSerialized("SN-000123", "CTRL-900", "C", "WO-4711"));
    put(samples, new MarkVerified("SN-000123", true, "A", "SN-000123", "DataMatrix"));
    put(
        samples,
        new ComponentBound("SN-000123", "PCB-17", "PCB-17-00042", null, "Acme", null, "X1"));
    put(samples, new ComponentUnbound("SN-000123", "SCR-M3", null, "L-2025-07", "stripped thread"));
    put(
        samples,
        new MaterialLoaded("SCR-M3", "L-2025-07", "Acme", new BigDecimal("2500"), "feeder-3"));
    put(samples, new MaterialUnloaded("SCR-M3", "L-2025-07", new BigDecimal("12.5"), "feeder-3"));
    put(
        samples,
        new StationResult(
            "SN-000123",
            Result.NOK,
            "LEAK-HIGH",
            4120L,
            Map.of(
                "leakRateMbarLs", 0.0031, "pressureMbar", 1500, "program", "P-7", "sealed", true)));
    put(samples, new UnitStatusChanged("SN-000123", UnitStatus.REWORK, "leak test failed"));
    put(samples, new StationStateChanged(StationState.FAULT, "E-204", "door opened"));
    put(
        samples,
        new CyclesNotCaptured(
            97,
            99,
            3,
            Instant.parse("2026-11-28T10:15:29.000Z"),
            "the counter moved by more than one between two readings"));
    return samples;
  }

  static Event of(EventPayload payload) {
    return new Event(
        UUID.nameUUIDFromBytes(payload.toString().getBytes(StandardCharsets.UTF_8)),
        Event.CURRENT_SCHEMA_VERSION,
        AT,
        "plant-1",
        "line.A",
        "leak_test-2",
        "edge-plant-1-line.A",
        42,
        payload);
  }

  private static void put(Map<EventType, Event> samples, EventPayload payload) {
    samples.put(payload.type(), of(payload));
  }
}
