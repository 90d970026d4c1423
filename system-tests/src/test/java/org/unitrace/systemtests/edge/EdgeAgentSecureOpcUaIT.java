package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.PlcSimulatorConfig;
import org.unitrace.sim.plc.StationSpec;

/**
 * The agent binds to a PLC that offers only Basic256Sha256 SignAndEncrypt and a username, the way
 * plant IT sets it up: both sides refuse the other's certificate at first contact, each certificate
 * is moved into the other side's trust list, and the agent connects on its own.
 */
class EdgeAgentSecureOpcUaIT extends CoreITSupport {

  @TempDir static Path dir;

  @Test
  void theAgentBindsWithSignAndEncryptOnceEachSideTrustsTheOther() throws Exception {
    Path plcPki = dir.resolve("plc-pki");
    try (PlcSimulator plc =
        PlcSimulator.start(
            PlcSimulatorConfig.builder()
                .security(false, false, true)
                .users(Map.of("line-agent", "s3cret"))
                .pkiDir(plcPki)
                .stations(
                    List.of(
                        StationSpec.of("ST10", List.of("Torque"))
                            .withNumericId("CycleCounter", 1007)))
                .build())) {
      String sources =
          """
          plcs:
            plc1:
              endpoint: %s
              securityPolicy: Basic256Sha256
              securityMode: SignAndEncrypt
              username: line-agent
              password: s3cret
              pkiDir: pki
          """
              .formatted(plc.endpointUrl());
      PlcStation st10 =
          PlcStation.of(plc, "ST10", "assembly")
              .signal(
                  "cycleComplete",
                  "{ plc: plc1, node: \"ns=%d;i=1007\" }".formatted(plc.namespaceIndex()))
              .signals("unitId")
              .values("Torque");
      EdgeLine line = EdgeLine.write(dir.resolve("agent"), sources, st10);
      Path agentPki = line.dir.resolve("pki");
      try (EdgeAgent agent = line.start()) {
        // 1. The PLC refuses the agent's certificate until it is trusted there.
        Path agentCert = agentPki.resolve("own/agent.der");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(agentCert));
        assertThat(agent.sources().get("plc1").isConnected()).isFalse();
        plc.trustClient(agentCert);
        // 2. Then the agent refuses the PLC's certificate and parks it in pki/rejected.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> files(agentPki.resolve("rejected")).size() > 0);
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> assertThat(agent.sources().get("plc1").problem()).contains("trusted"));
        assertThat(agent.sources().get("plc1").isConnected()).isFalse();
        Path trusted = Files.createDirectories(agentPki.resolve("trusted/certs"));
        for (Path cert : files(agentPki.resolve("rejected"))) {
          Files.move(cert, trusted.resolve(cert.getFileName()));
        }

        EdgeLine.awaitConnected(agent, "plc1", Duration.ofSeconds(60));
        EdgeLine.awaitWatching(agent, "ST10");
        plc.station("ST10").completeCycle(line.site + "-S1", true, null, Map.of("Torque", 7.5));

        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(
                            jdbc.queryForList(
                                "SELECT unit_serial || ' ' || process_values::text FROM station_event WHERE site = ?",
                                String.class,
                                line.site))
                        .containsExactly(line.site + "-S1 {\"Torque\": 7.5}"));
      }
    }
  }

  private static List<Path> files(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
