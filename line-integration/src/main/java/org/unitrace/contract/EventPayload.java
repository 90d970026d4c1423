package org.unitrace.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The payload of each event type. Required fields are checked by the JSON Schema before a payload
 * is built; optional fields are null when absent.
 */
public sealed interface EventPayload {

  /** The type this payload is carried as: the one whose payload record it is. */
  default EventType type() {
    return EventType.of(this);
  }

  /** The serial of the unit this payload is about, or null. */
  default String unitSerial() {
    return null;
  }

  /** A production run (work order) started on the line. */
  record RunStarted(
      String runId, String partNumber, String revision, Integer plannedQuantity, String shift)
      implements EventPayload {}

  /** A production run ended; {@code producedQuantity} as the line counted it. */
  record RunEnded(String runId, Integer producedQuantity, String reason) implements EventPayload {}

  /** A unit got its serial number (at the marking station) within a run. */
  record UnitSerialized(String serial, String partNumber, String revision, String runId)
      implements EventPayload {
    @Override
    public String unitSerial() {
      return serial;
    }
  }

  /**
   * The mark on a unit was read back and graded, or marking it failed: {@code failureCode} says why
   * a mark did not pass ({@code NOREAD}, {@code MISMATCH}, {@code GRADE_BELOW_C}, {@code
   * MARKER_E12}, {@code MARKER_TIMEOUT}). A serial whose mark did not pass is never bound to a
   * unit.
   */
  record MarkVerified(
      String serial,
      boolean passed,
      String grade,
      String content,
      String symbology,
      String failureCode)
      implements EventPayload {

    public MarkVerified(
        String serial, boolean passed, String grade, String content, String symbology) {
      this(serial, passed, grade, content, symbology, null);
    }

    @Override
    public String unitSerial() {
      return serial;
    }
  }

  /**
   * A component went into a unit: a serialized component ({@code componentSerial}, which may be a
   * sub-assembly that is a unit itself) or a quantity from a supplier lot ({@code lot}).
   */
  record ComponentBound(
      String unitSerial,
      String partNumber,
      String componentSerial,
      String lot,
      String supplier,
      BigDecimal quantity,
      String position)
      implements EventPayload {}

  /** A component was taken out of a unit (rework); the binding stays as history. */
  record ComponentUnbound(
      String unitSerial, String partNumber, String componentSerial, String lot, String reason)
      implements EventPayload {}

  /** A supplier lot was loaded at a station (feeder, bin, reel). */
  record MaterialLoaded(
      String partNumber, String lot, String supplier, BigDecimal quantity, String slot)
      implements EventPayload {}

  /** A supplier lot was taken off a station. */
  record MaterialUnloaded(String partNumber, String lot, BigDecimal remainingQuantity, String slot)
      implements EventPayload {}

  /** A station finished its cycle on a unit, with the result and the process values recorded. */
  record StationResult(
      String unitSerial,
      Result result,
      String failureCode,
      Long cycleTimeMs,
      Map<String, Object> values)
      implements EventPayload {}

  /** A unit's status changed (completed, scrapped, held, ...). */
  record UnitStatusChanged(String serial, UnitStatus status, String reason)
      implements EventPayload {
    @Override
    public String unitSerial() {
      return serial;
    }
  }

  /** A station's machine state changed. */
  record StationStateChanged(StationState state, String faultCode, String reason)
      implements EventPayload {}

  /**
   * Cycles a station completed that the agent could not attribute to a unit: it did not see them
   * (its PLC connection was down, or the counter moved by more than one between two readings), or
   * what it read belonged to another cycle. One event per gap, with the counter range (inclusive)
   * and the time window; their results are not known, and nothing was recorded on any unit for
   * them. {@code since} is the completion time of the last cycle the agent did see, if any.
   */
  record CyclesNotCaptured(
      long fromCounter, long toCounter, long count, Instant since, String reason)
      implements EventPayload {}

  enum Result {
    OK,
    NOK
  }

  enum UnitStatus {
    IN_PROCESS,
    COMPLETED,
    NOK,
    REWORK,
    SCRAPPED,
    HELD
  }

  enum StationState {
    RUNNING,
    IDLE,
    BLOCKED,
    STARVED,
    FAULT,
    UNKNOWN
  }
}
