package org.unitrace.sim.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.line.opcua.OpcUaConnectException;
import org.unitrace.line.opcua.OpcUaConnector;
import org.unitrace.line.opcua.OpcUaSecurity;

/** The PLC simulator through a real Milo client, as the agent sees it. */
class PlcSimulatorIT {

  @TempDir Path dir;

  private PlcSimulator start(boolean none) throws Exception {
    return PlcSimulator.start(
        PlcSimulatorConfig.builder()
            .pkiDir(dir.resolve("plc"))
            .security(none, false, true)
            .users(none ? Map.of() : Map.of("agent", "pw"))
            .stations(
                List.of(
                    StationSpec.of("ST10", List.of("Torque")).withNumericId("CycleCounter", 1007)))
            .build());
  }

  private OpcUaSecurity plain() {
    return OpcUaSecurity.of("plc", dir.resolve("agent"), "urn:unitrace:test:agent")
        .withSecurity(OpcUaSecurity.Policy.NONE, OpcUaSecurity.Mode.NONE);
  }

  private static Object read(OpcUaClient c, NodeId id) throws Exception {
    DataValue v = c.readValue(0, TimestampsToReturn.Source, id);
    return v.getValue().getValue();
  }

  @Test
  void aCycleWritesItsDataThenCountsAndARestartKeepsPortAndValues() throws Exception {
    try (PlcSimulator plc = start(true)) {
      int ns = plc.namespaceIndex();
      OpcUaClient c = OpcUaConnector.connect(plc.endpointUrl(), plain());
      plc.station("ST10").completeCycle("U-1", false, "E7", Map.of("Torque", 11.5));
      assertThat(
              read(
                  c,
                  new NodeId(
                      ns,
                      org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger.valueOf(
                          1007))))
          .isEqualTo(1L);
      assertThat(read(c, NodeId.parse(plc.nodeId("ST10", "UnitId")))).isEqualTo("U-1");
      assertThat(read(c, NodeId.parse(plc.nodeId("ST10", "Result")))).isEqualTo((short) 2);
      assertThat(read(c, NodeId.parse(plc.nodeId("ST10", "FailureCode")))).isEqualTo("E7");
      assertThat(read(c, NodeId.parse(plc.nodeId("ST10", "Torque")))).isEqualTo(11.5);
      c.writeValues(
          List.of(NodeId.parse(plc.nodeId("ST10", "AgentResult"))),
          List.of(DataValue.valueOnly(new Variant((short) 2))));
      assertThat(plc.station("ST10").agentResult()).isEqualTo(2);
      c.disconnectAsync().get();

      String endpoint = plc.endpointUrl();
      plc.restart();
      assertThat(plc.endpointUrl()).isEqualTo(endpoint);
      OpcUaClient again = OpcUaConnector.connect(plc.endpointUrl(), plain());
      assertThat(read(again, new NodeId(ns, UInteger.valueOf(1007)))).isEqualTo(1L);
      assertThat(plc.station("ST10").agentResult()).isEqualTo(2);
      again.disconnectAsync().get();
    }
  }

  @Test
  void aMarkingStationPassesAPartOnOnlyOnceTheAgentAnsweredOk() throws Exception {
    Duration cycle = Duration.ofMillis(50);
    try (PlcSimulator plc =
        PlcSimulator.start(
            PlcSimulatorConfig.builder()
                .pkiDir(dir.resolve("plc"))
                .security(true, false, true)
                .stations(
                    List.of(
                        StationSpec.of("MARK", List.of()).withProduction(cycle, 0, 0),
                        StationSpec.of("ST10", List.of()).withProduction(cycle, 0, 0)))
                .build())) {
      OpcUaClient c = OpcUaConnector.connect(plc.endpointUrl(), plain());
      NodeId present = NodeId.parse(plc.nodeId("MARK", "PartPresent"));
      NodeId answer = NodeId.parse(plc.nodeId("MARK", "AgentResult"));
      plc.startCyclingWithMarking();

      // L1-1 marked: on to ST10
      await().until(() -> Boolean.TRUE.equals(read(c, present)));
      c.writeValues(List.of(answer), List.of(DataValue.valueOnly(new Variant((short) 1))));
      await().until(() -> plc.station("ST10").cycleCount() == 1);
      assertThat(read(c, NodeId.parse(plc.nodeId("ST10", "UnitId")))).isEqualTo("L1-1");

      // L1-2 rejected: the PLC takes the answer (AgentResult back to 0) and the part leaves
      await().until(() -> Boolean.TRUE.equals(read(c, present)));
      c.writeValues(List.of(answer), List.of(DataValue.valueOnly(new Variant((short) 2))));
      await().until(() -> ((Number) read(c, answer)).intValue() == 0);

      // L1-3 marked: the next unit ST10 sees
      await().until(() -> Boolean.TRUE.equals(read(c, present)));
      c.writeValues(List.of(answer), List.of(DataValue.valueOnly(new Variant((short) 1))));
      await().until(() -> plc.station("ST10").cycleCount() == 2);
      assertThat(read(c, NodeId.parse(plc.nodeId("ST10", "UnitId")))).isEqualTo("L1-3");
      c.disconnectAsync().get();
    }
  }

  @Test
  void aSecurePlcRefusesAnUntrustedClient() throws Exception {
    try (PlcSimulator plc = start(false)) {
      OpcUaSecurity secure =
          OpcUaSecurity.of("plc", dir.resolve("agent"), "urn:unitrace:test:agent")
              .withUser("agent", "pw");
      assertThatThrownBy(() -> OpcUaConnector.connect(plc.endpointUrl(), secure))
          .isInstanceOf(OpcUaConnectException.class);
    }
  }
}
