package org.unitrace.core.genealogy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The as-built tree. A node is a unit; its {@code components} are what is bound in it now, and
 * {@code removed} what was bound and taken out (rework), kept as history. A serialized component
 * that is a unit itself carries its own subtree in {@code unit}.
 */
record GenealogyNode(
    String serial,
    String partNumber,
    String revision,
    String runId,
    String status,
    List<Component> components,
    List<Component> removed) {

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
