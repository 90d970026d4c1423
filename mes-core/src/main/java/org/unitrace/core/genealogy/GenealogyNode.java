package org.unitrace.core.genealogy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The as-built tree. A node is a unit; its {@code components} are what is bound in it now, and
 * {@code removed} what was bound and taken out (rework), kept as history; {@code rework} pairs each
 * removal with what replaced it. A serialized component that is a unit itself carries its own
 * subtree in {@code unit}. Each node says where and when it was made ({@code site}, {@code line},
 * {@code station}, {@code serializedAt}), in which run and shift ({@code run}), and what every
 * station did to it ({@code stationEvents}, with results and process values, oldest first).
 */
record GenealogyNode(
    String serial,
    String partNumber,
    String revision,
    String runId,
    String status,
    List<Component> components,
    List<Component> removed,
    String site,
    String line,
    String station,
    OffsetDateTime serializedAt,
    Run run,
    List<StationEvent> stationEvents,
    List<Rework> rework) {

  /** The production run a unit was made in. */
  record Run(
      String runId,
      String site,
      String line,
      String shift,
      OffsetDateTime startedAt,
      OffsetDateTime endedAt) {}

  /** What a station recorded about the unit: serialization, mark check or a result. */
  record StationEvent(
      OffsetDateTime time,
      String site,
      String line,
      String station,
      String type,
      String result,
      String failureCode,
      Long cycleTimeMs,
      JsonNode processValues) {}

  /**
   * A component taken out ({@code removed}, with when and why) and what was bound in its place
   * afterwards, if anything ({@code replacement}: same part number, bound at or after the removal).
   */
  record Rework(
      String partNumber,
      Component removed,
      OffsetDateTime unboundAt,
      String reason,
      Component replacement) {}

  /**
   * One binding. {@code edgeId} identifies it (a correction names the edge it corrects); {@code
   * correctionId} is set on a binding made or closed by a quality correction.
   */
  record Component(
      long edgeId,
      String partNumber,
      String componentSerial,
      String lot,
      String supplier,
      BigDecimal quantity,
      String position,
      String site,
      String line,
      String station,
      OffsetDateTime boundAt,
      OffsetDateTime unboundAt,
      String unbindReason,
      Long correctionId,
      GenealogyNode unit) {

    Component withUnit(GenealogyNode sub) {
      return new Component(
          edgeId,
          partNumber,
          componentSerial,
          lot,
          supplier,
          quantity,
          position,
          site,
          line,
          station,
          boundAt,
          unboundAt,
          unbindReason,
          correctionId,
          sub);
    }
  }
}
