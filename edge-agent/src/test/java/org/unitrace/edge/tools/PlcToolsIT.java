package org.unitrace.edge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.edge.TestLines.BROKER;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.line.device.scanner.ScanMode;
import org.unitrace.sim.device.MarkerSimulator;
import org.unitrace.sim.device.ScannerSimulator;
import org.unitrace.sim.device.SimEndpoint;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.StationSpec;

/**
 * {@code browse} and {@code check} against the Milo PLC simulator, a real broker and simulated
 * devices on TCP, run as plant IT runs them: the agent jar's commands, their output and exit code.
 */
class PlcToolsIT {

  @TempDir static Path dir;
  static PlcSimulator plc;
  static SimEndpoint markerEnd;

  @BeforeAll
  static void start() throws Exception {
    plc =
        PlcSimulator.start("L1", dir.resolve("plc-pki"), StationSpec.of("ST10", List.of("Torque")));
    markerEnd = SimEndpoint.tcp(0).serve(new MarkerSimulator());
    markerEnd.start();
  }

  @AfterAll
  static void stop() throws Exception {
    markerEnd.close();
    plc.close();
  }

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Commands.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String node(String signal) {
    return "ns=" + plc.namespaceIndex() + ";s=L1.ST10." + signal;
  }

  /** A line file: the station's signals as given, the core broker, a marker and a verifier. */
  private static Path line(String name, String signals, String coreBroker, String verifier)
      throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        """
        site: AKL
        line: L1
        core: { mqtt: { url: "%s" } }
        outbox: { file: outbox.db }
        serials: { template: "SN{seq:6}" }
        plcs:
          plc1: { endpoint: "%s", securityPolicy: None }
        stations:
          - id: ST10
            kind: assembly
            unit: { source: signal }
            signals:
        %s
          - id: MARK
            kind: marking
            signals:
              partPresent: { plc: plc1, node: "%s" }
            marking: { runId: R-1, partNumber: CTRL-900, revision: A, job: CTRL }
            devices:
              marker: { channel: "%s" }
              verifier: { channel: "%s" }
        """
            .formatted(
                coreBroker,
                plc.endpointUrl(),
                signals.indent(6).stripTrailing(),
                node("PartPresent"),
                markerEnd.driverUri(),
                verifier));
    return file;
  }

  private static String signals(String unitIdNode) {
    return """
        cycleComplete: { plc: plc1, node: "%s" }
        result: { plc: plc1, node: "%s", ok: ["1"], nok: ["2"] }
        unitId: { plc: plc1, node: "%s" }
        processValues:
          torque: { plc: plc1, node: "%s" }
        """
        .formatted(node("CycleCounter"), node("Result"), unitIdNode, node("Torque"));
  }

  private static String closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return "tcp://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void browseWalksTheAddressSpaceWithDataTypesAndValues() {
    Run r = run("browse", plc.endpointUrl());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(node("CycleCounter") + " | " + plc.namespaceIndex() + ":CycleCounter | Int64 | ")
        .contains(node("UnitId") + " | " + plc.namespaceIndex() + ":UnitId | String | ")
        .contains(node("Torque") + " | " + plc.namespaceIndex() + ":Torque | Double | ")
        .doesNotContain("ServerStatus"); // the Server object is left out unless asked for
  }

  @Test
  void browseConnectsAsTheLineFileSaysAndStartsWhereAsked() throws Exception {
    Path file = line("browse.yml", signals(node("UnitId")), BROKER, closedPort());

    Run r =
        run(
            "browse",
            file.toString(),
            "plc1",
            "--root",
            "ns=" + plc.namespaceIndex() + ";s=L1.ST10",
            "--depth",
            "1");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(node("CycleCounter")).doesNotContain("Objects");
    assertThat(run("browse", file.toString(), "plc9").err())
        .contains("has no plc 'plc9' (plcs: [plc1])");
  }

  @Test
  void checkPassesAWellWiredLine() throws Exception {
    ScannerSimulator verifierSim = new ScannerSimulator(ScanMode.TRIGGER);
    SimEndpoint verifierEnd = SimEndpoint.tcp(0).serve(verifierSim);
    verifierEnd.start();
    try {
      Path file = line("good.yml", signals(node("UnitId")), BROKER, verifierEnd.driverUri());

      Run r = run("check", file.toString());

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .contains("OK    plcs.plc1  connected to " + plc.endpointUrl())
          .contains(
              "OK    stations[0].signals.cycleComplete.node  " + node("CycleCounter") + " Int64 = ")
          .contains("OK    stations[0].signals.unitId.node  " + node("UnitId") + " String = ")
          .contains("OK    stations[0].signals.processValues.torque.node")
          .contains("OK    core.mqtt  connected to " + BROKER)
          .contains("OK    stations[1].devices.marker")
          .contains("OK    stations[1].devices.verifier")
          .contains("# all well");
    } finally {
      verifierEnd.close();
    }
  }

  @Test
  void checkNamesAWrongNodeAWrongDataTypeAndWhatDoesNotAnswerByKeyPath() throws Exception {
    String wrong =
        """
        cycleComplete: { plc: plc1, node: "%s" }
        result: { plc: plc1, node: "%s", ok: ["1"], nok: ["2"] }
        unitId: { plc: plc1, node: "%s" }
        partPresent: { plc: plc1, node: "%s" }
        """
            .formatted(
                node("CycleCounter"),
                node("NoSuchResult"),
                node("CycleCounter"), // a number where the unit's serial belongs
                node("UnitId")); // text where a Boolean belongs
    String deadPort = closedPort();
    Path file = line("wrong.yml", wrong, "tcp://127.0.0.1:1", deadPort);

    Run r = run("check", file.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("OK    stations[0].signals.cycleComplete.node")
        .contains(
            "FAIL  stations[0].signals.result.node  "
                + node("NoSuchResult")
                + ": no such node on the PLC")
        .contains("FAIL  stations[0].signals.unitId.node  " + node("CycleCounter") + " Int64 = ")
        .contains("data type Int64, but this signal needs String")
        .contains("FAIL  stations[0].signals.partPresent.node")
        .contains("data type String, but this signal needs Boolean")
        .contains("FAIL  core.mqtt  cannot connect to tcp://127.0.0.1:1")
        .contains("OK    stations[1].devices.marker")
        .contains("FAIL  stations[1].devices.verifier  " + deadPort)
        .contains("# 5 problems");
  }

  @Test
  void checkRefusesAMalformedFileWithItsKeyPath() throws Exception {
    Path file = line("bad.yml", signals("ns=2,s=x"), BROKER, closedPort());

    Run r = run("check", file.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("stations[0].signals.unitId.node").contains("malformed NodeId");
  }
}
