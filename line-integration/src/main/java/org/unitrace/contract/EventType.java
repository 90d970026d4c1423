package org.unitrace.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every event type of the contract, with the payload record that carries it. */
public enum EventType {
  RunStarted(EventPayload.RunStarted.class),
  RunEnded(EventPayload.RunEnded.class),
  UnitSerialized(EventPayload.UnitSerialized.class),
  MarkVerified(EventPayload.MarkVerified.class),
  ComponentBound(EventPayload.ComponentBound.class),
  ComponentUnbound(EventPayload.ComponentUnbound.class),
  MaterialLoaded(EventPayload.MaterialLoaded.class),
  MaterialUnloaded(EventPayload.MaterialUnloaded.class),
  StationResult(EventPayload.StationResult.class),
  UnitStatusChanged(EventPayload.UnitStatusChanged.class),
  StationStateChanged(EventPayload.StationStateChanged.class),
  CyclesNotCaptured(EventPayload.CyclesNotCaptured.class);

  private static final Map<Class<?>, EventType> BY_PAYLOAD =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.payloadType, t -> t));

  private final Class<? extends EventPayload> payloadType;

  EventType(Class<? extends EventPayload> payloadType) {
    this.payloadType = payloadType;
  }

  public Class<? extends EventPayload> payloadType() {
    return payloadType;
  }

  /** The type {@code payload} is carried as. */
  static EventType of(EventPayload payload) {
    return BY_PAYLOAD.get(payload.getClass());
  }

  /** The type of that name, or empty for a name the contract does not know. */
  public static Optional<EventType> named(String name) {
    return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
  }
}
