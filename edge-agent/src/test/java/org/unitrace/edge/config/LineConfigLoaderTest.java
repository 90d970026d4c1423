package org.unitrace.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.edge.TestLines;
import org.unitrace.edge.config.SignalBinding.JsonValue;
import org.unitrace.edge.config.SignalBinding.OpcUaNode;
import org.unitrace.edge.config.SignalBinding.SparkplugMetric;
import org.unitrace.edge.config.StationConfig.UnitSource;
import org.unitrace.line.opcua.OpcUaSecurity;

class LineConfigLoaderTest {

  private static final String MINIMAL =
      """
      site: AKL
      line: L1
      core:
        mqtt:
          url: tcp://127.0.0.1:1883
      plcs:
        plc1:
          endpoint: opc.tcp://127.0.0.1:4840/plc
      stations:
        - id: ST10
          kind: assembly
          signals:
            cycleComplete: { plc: plc1, node: "ns=2;s=L1.ST10.CycleCounter" }
            unitId: { plc: plc1, node: "ns=2;s=L1.ST10.UnitId" }
      """;

  private final LineConfigLoader loader =
      new LineConfigLoader(Map.of("PLC1_ENDPOINT", "opc.tcp://plc1:4840")::get);

  private LineConfig parse(String yaml) {
    return loader.parse("line.yml", yaml, Path.of("/opt/edge"));
  }

  @Test
  void theShippedExampleLoadsCompletely() {
    LineConfig config = loader.load(Path.of("examples/line-L1.yml"));

    assertThat(config.agentId()).isEqualTo("edge-AKL-L1");
    assertThat(config.stations())
        .extracting(StationConfig::id)
        .containsExactly("ST10", "ST20", "ST30", "ST40");
    assertThat(config.plcs().get("plc1").endpoint()).isEqualTo("opc.tcp://plc1:4840");
    assertThat(config.plcs().get("plc1").security().securityPolicy())
        .isEqualTo(OpcUaSecurity.Policy.NONE);
    StationConfig st10 = config.station("ST10").orElseThrow();
    assertThat(st10.signals().processValues().get("Angle"))
        .isEqualTo(new OpcUaNode("plc1", "ns=3;i=1007"));
    assertThat(st10.signals().state().codes()).containsEntry("5", StationState.FAULT);
    assertThat(config.station("ST20").orElseThrow().unit())
        .isEqualTo(new UnitSource(UnitSource.Mode.FIFO, "ST10", 32, false));
    assertThat(config.station("ST30").orElseThrow().signals().cycle().binding())
        .isEqualTo(new SparkplugMetric("lineBroker", "AKL", "L1-ST30", "ST30", "CycleCounter"));
    assertThat(config.station("ST40").orElseThrow().signals().unitId())
        .isEqualTo(new JsonValue("lineBroker", "plant/L1/ST40/cycle", "/unit"));
    assertThat(config.core().mqttUsername()).isNull();
    assertThat(config.serials()).isEmpty();
  }

  @Test
  void aSerialsBlockGivesTheIssuerItsTemplateAndReserve() {
    LineConfig config =
        parse(MINIMAL + "\nserials:\n  template: \"{site:3}{seq:5:daily}\"\n  blockSize: 100\n");

    assertThat(config.serials().orElseThrow().template()).isEqualTo("{site:3}{seq:5:daily}");
    assertThat(config.serials().orElseThrow().blockSize()).isEqualTo(100);
    assertThat(config.serials().orElseThrow().reserve()).isEqualTo(2000);
  }

  @Test
  void defaultsAreSecureAndRelativePathsFollowTheFile() {
    LineConfig config = parse(MINIMAL);

    assertThat(config.agentId()).isEqualTo("edge-AKL-L1");
    assertThat(config.outbox().file()).isEqualTo(Path.of("/opt/edge/data/outbox-AKL-L1.db"));
    assertThat(config.plcs().get("plc1").security().messageSecurityMode())
        .isEqualTo(OpcUaSecurity.Mode.SIGN_AND_ENCRYPT);
    assertThat(config.station("ST10").orElseThrow().unit().mode())
        .isEqualTo(UnitSource.Mode.SIGNAL);
  }

  @Test
  void anUnknownStationKindNamesItsPathAndTheKindsThereAre() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("kind: assembly", "kind: welding")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stations[0].kind")
        .hasMessageContaining("unknown station kind 'welding'")
        .hasMessageContaining("marking, assembly, test, pack, other");
  }

  @Test
  void aHandshakeNeedsItsAcknowledgeNodeAndOnlyAHandshakeHasOne() {
    String acknowledge = "acknowledge: { plc: plc1, node: \"ns=2;s=L1.ST10.Ack\" }";
    assertThatThrownBy(() -> parseWithCycleKeys("mode: handshake"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stations[0].signals.cycleComplete")
        .hasMessageContaining("mode: handshake needs acknowledge");
    assertThatThrownBy(() -> parseWithCycleKeys(acknowledge))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stations[0].signals.cycleComplete.acknowledge")
        .hasMessageContaining("only for mode: handshake");
    LineConfig ok = parseWithCycleKeys("mode: handshake, " + acknowledge);
    assertThat(ok.stations().get(0).signals().cycle().acknowledge()).isNotNull();
  }

  /** MINIMAL with {@code keys} added to ST10's cycle signal, after its node. */
  private LineConfig parseWithCycleKeys(String keys) {
    String node = "node: \"ns=2;s=L1.ST10.CycleCounter\"";
    return parse(MINIMAL.replace(node, node + ", " + keys));
  }

  @Test
  void aMalformedNodeIdIsRefusedWithItsPath() {
    assertThatThrownBy(
            () -> parse(MINIMAL.replace("ns=2;s=L1.ST10.UnitId", "ns=2,s=L1.ST10.UnitId")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stations[0].signals.unitId.node")
        .hasMessageContaining("malformed NodeId 'ns=2,s=L1.ST10.UnitId'");
  }

  @Test
  void everyNodeIdFormIsAccepted() {
    for (String id :
        new String[] {
          "ns=2;s=Line1.St3.CycleDone",
          "ns=3;i=1007",
          "nsu=urn:acme:plc;s=Line1.Counter",
          "i=2258",
          "ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a",
          "ns=1;b=M/RbKBsRVkePCePcx24oRA=="
        }) {
      LineConfig config = parse(MINIMAL.replace("ns=2;s=L1.ST10.UnitId", id));
      assertThat(((OpcUaNode) config.stations().get(0).signals().unitId()).nodeId()).isEqualTo(id);
    }
  }

  @Test
  void aDuplicateStationIdIsRefused() {
    String twice =
        MINIMAL
            + """
              - id: ST10
                kind: test
            """;
    assertThatThrownBy(() -> parse(twice))
        .hasMessageContaining("stations[1].id")
        .hasMessageContaining("duplicate station id 'ST10'");
  }

  @Test
  void aMissingBrokerUrlIsRefused() {
    assertThatThrownBy(
            () -> parse(MINIMAL.replace("    url: tcp://127.0.0.1:1883\n", "    username: x\n")))
        .hasMessageContaining("core.mqtt.url")
        .hasMessageContaining("is required");
  }

  @Test
  void aSignalOnAnUndefinedPlcIsRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    MINIMAL.replace(
                        "{ plc: plc1, node: \"ns=2;s=L1.ST10.UnitId\" }",
                        "{ plc: plc9, node: \"ns=2;s=x\" }")))
        .hasMessageContaining("stations[0].signals.unitId.plc")
        .hasMessageContaining("names no PLC under plcs: 'plc9'");
  }

  @Test
  void aTypoInAKeyIsNotSilentlyIgnored() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("cycleComplete:", "cycleCompleted:")))
        .hasMessageContaining("stations[0].signals.cycleCompleted")
        .hasMessageContaining("unknown key");
  }

  @Test
  void fifoMustFollowAStationListedBefore() {
    String fifo =
        MINIMAL.replace("kind: assembly", "kind: assembly\n    unit: { source: fifo, from: ST05 }");
    assertThatThrownBy(() -> parse(fifo))
        .hasMessageContaining("stations[0].unit.from")
        .hasMessageContaining("must name a station listed before 'ST10'");
  }

  @Test
  void aMissingEnvironmentVariableIsNamed() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("tcp://127.0.0.1:1883", "${CORE_BROKER}")))
        .hasMessageContaining("core.mqtt.url")
        .hasMessageContaining("environment variable CORE_BROKER is not set");
  }

  private static final String MARKING =
      TestLines.markingLine(
          "{site:3}{line:2}{seq:6}", "", "tcp://127.0.0.1:9101", "tcp://127.0.0.1:9102");

  @Test
  void theMarkingExampleLoadsWithDevicesVerificationAndLabels() {
    LineConfig config =
        new LineConfigLoader(Map.of("UNITRACE_EDGE_TOKEN", "tok")::get)
            .load(Path.of("examples/line-L2-marking.yml"));
    StationConfig mark = config.station("MARK").orElseThrow();
    assertThat(mark.unit().mode()).isEqualTo(StationConfig.UnitSource.Mode.MARKED);
    assertThat(mark.marking().job()).isEqualTo("DM_SERIAL");
    assertThat(mark.marking().runId().signal()).isNotNull();
    assertThat(mark.marking().partNumber().fixed()).isEqualTo("CTRL-900");
    assertThat(mark.marking().verify().minGrade()).isEqualTo("C");
    assertThat(mark.marking().verify().readAttempts()).isEqualTo(2);
    assertThat(mark.device("marker").orElseThrow().driver()).isEqualTo("unitrace-ascii");
    assertThat(mark.device("verifier").orElseThrow().mode())
        .isEqualTo(org.unitrace.line.device.scanner.ScanMode.TRIGGER);
    StationConfig st20 = config.station("ST20").orElseThrow();
    assertThat(st20.binding().gtins()).containsEntry("09506000134352", "PCB-100");
    assertThat(st20.binding().patterns()).hasSize(1);
    assertThat(st20.device("scanner").orElseThrow().mode())
        .isEqualTo(org.unitrace.line.device.scanner.ScanMode.CONTINUOUS);
  }

  @Test
  void aMarkingStationDefaultsToVerifyingTheSerialItMarked() {
    StationConfig mark = parse(MARKING).station("MARK").orElseThrow();
    assertThat(mark.marking().variables()).containsEntry("SERIAL", "{serial}");
    assertThat(mark.marking().verify().expect()).isEqualTo("{serial}");
    assertThat(mark.marking().runId().fixed()).isEqualTo("R-1");
  }

  @Test
  void aMarkingStationNeedsSerialsAMarkerAndAVerifierOrVerifyNone() {
    assertThatThrownBy(
            () ->
                parse(MARKING.replace("serials: { template: \"{site:3}{line:2}{seq:6}\" }\n", "")))
        .hasMessageContaining("stations[0]")
        .hasMessageContaining("no serials: block");
    assertThatThrownBy(
            () ->
                parse(MARKING.replace("      marker: { channel: \"tcp://127.0.0.1:9101\" }\n", "")))
        .hasMessageContaining("needs a marker device");
    assertThatThrownBy(
            () ->
                parse(
                    MARKING.replace("      verifier: { channel: \"tcp://127.0.0.1:9102\" }\n", "")))
        .hasMessageContaining("verifier device");
    String noVerify =
        MARKING
            .replace("      verifier: { channel: \"tcp://127.0.0.1:9102\" }\n", "")
            .replace("      job: DM\n", "      job: DM\n      verify: none\n");
    assertThat(parse(noVerify).station("MARK").orElseThrow().marking().verify()).isNull();
  }

  @Test
  void anUnknownDeviceOrABadChannelIsNamed() {
    assertThatThrownBy(() -> parse(MARKING.replace("verifier: {", "camera: {")))
        .hasMessageContaining("stations[0].devices.camera")
        .hasMessageContaining("unknown device 'camera'");
    assertThatThrownBy(() -> parse(MARKING.replace("tcp://127.0.0.1:9101", "ftp://x")))
        .hasMessageContaining("stations[0].devices.marker.channel");
  }

  @Test
  void aMarkingStationHasNoCycleSignalOrUnitSource() {
    assertThatThrownBy(
            () ->
                parse(
                    MARKING.replace(
                        "    signals:\n", "    unit: { source: scan }\n    signals:\n")))
        .hasMessageContaining("leave unit out");
  }
}
