package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.unitrace.core.support.Bodies.bomLine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestServers;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.line.device.scanner.ScanMode;
import org.unitrace.sim.device.MarkerSimulator;
import org.unitrace.sim.device.ScannerSimulator;
import org.unitrace.sim.device.SimEndpoint;
import org.unitrace.sim.device.SocatPair;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.StationSpec;

/**
 * A unit gets its identity and its genealogy on a real line set-up: the Milo PLC simulator, the
 * marker and scanner simulators over TCP or over socat pseudo-terminals (real serial I/O through
 * jSerialComm), the edge agent, and the core on PostgreSQL. The marking station takes a serial from
 * a block of the core, marks and verifies it; ST20 loads a housing lot and binds a PCB; ST30 binds
 * a module; the core's genealogy shows all of it. Each marking failure leads to its outcome.
 */
class EdgeMarkingIT extends CoreITSupport {

  private static final String GTIN_PCB = "09506000134352";

  /** How the marker, the verifier and ST20's scanner reach the agent (ST30's always by TCP). */
  enum Wire {
    TCP,
    PSEUDO_TERMINAL
  }

  @TempDir Path dir;
  @LocalServerPort int port;

  /** The simulated line: PLC, marker, verifier and two station scanners, and the agent. */
  private final class Line implements AutoCloseable {
    final String site =
        "M"
            + String.format(
                    "%6s",
                    Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36)
                        .toUpperCase())
                .replace(' ', '0');
    final PlcSimulator plc;
    final MarkerSimulator marker = new MarkerSimulator().markingTime(Duration.ofMillis(300));
    final ScannerSimulator verifier = new ScannerSimulator(ScanMode.TRIGGER);
    final ScannerSimulator st20Scanner = new ScannerSimulator(ScanMode.CONTINUOUS);
    final ScannerSimulator st30Scanner = new ScannerSimulator(ScanMode.CONTINUOUS);
    final List<AutoCloseable> closing = new ArrayList<>();
    EdgeAgent agent;

    Line(Wire wire) throws Exception {
      plc =
          EdgeLine.startPlc(
              dir.resolve("plc"),
              StationSpec.of("MARK", List.of()),
              StationSpec.of("ST20", List.of()),
              StationSpec.of("ST30", List.of()));
      closing.add(plc);
      verifier.verifies(marker.marks(), "SN");
      String markerUri = serve(marker, wire, "marker");
      String verifierUri = serve(verifier, wire, "verifier");
      String st20Uri = serve(st20Scanner, wire, "st20");
      String st30Uri = serve(st30Scanner, Wire.TCP, "st30");
      productAndBom();
      String yaml =
          """
          site: %1$s
          line: L1
          core:
            mqtt: { url: %2$s, clientId: %3$s }
            http: { url: "http://127.0.0.1:%4$d", token: "%5$s" }
          outbox: { file: outbox.db }
          serials: { template: "{site:7}{line:2}{seq:6}{check:mod37-36}", reserve: 50, blockSize: 20, lowWater: 10 }
          plcs:
            plc1: { endpoint: "%6$s", securityPolicy: None }
          stations:
          """
                  .formatted(
                      site,
                      TestServers.mqttUrl(),
                      TestServers.unique("edge-"),
                      port,
                      edgeToken(site, "L1"),
                      plc.endpointUrl())
              + PlcStation.of(plc, "MARK", "marking")
                  .signals("partPresent", "agentResult")
                  .more(
                      """
                      marking:
                        runId: RUN-%1$s
                        partNumber: CTRL-900
                        revision: B
                        job: DM_SERIAL
                        variables: { SN: "{serial}" }
                        markTimeout: 2s
                        busyRetries: 3
                        busyWait: 300ms
                        verify: { minGrade: C, readAttempts: 2, readTimeout: 1s }
                      devices:
                        marker: { channel: "%2$s" }
                        verifier: { channel: "%3$s", mode: trigger }
                      """
                          .formatted(site, markerUri, verifierUri))
                  .yaml()
              + assemblyWithScanner(
                  "ST20",
                  "MARK",
                  """
                  gtins: { "%s": PCB-100 }
                  patterns:
                    - { partNumber: HSG-7, regex: "HSG7-L(?<lot>[A-Z0-9]+)-S(?<supplier>[A-Z]+)" }
                    - { partNumber: SCREW-9, regex: "SCR-(?<serial>\\\\d+)" }
                  """
                      .formatted(GTIN_PCB),
                  st20Uri)
              + assemblyWithScanner(
                  "ST30",
                  "ST20",
                  """
                  patterns:
                    - { partNumber: MOD-5, regex: "MOD5-(?<serial>\\\\d+)" }
                  """,
                  st30Uri);
      agent = EdgeLine.written(site, dir.resolve("agent"), yaml).start();
      closing.add(agent);
      EdgeLine.awaitWatching(agent, "ST20");
    }

    /** An assembly station that binds what its scanner reads as {@code binding} says. */
    private String assemblyWithScanner(String id, String from, String binding, String scanner) {
      return PlcStation.of(plc, id, "assembly")
          .unitFrom(from)
          .signals("cycleComplete", "result", "agentResult")
          .more(
              "binding:\n"
                  + binding.indent(2)
                  + "devices:\n  scanner: { channel: \"%s\" }\n".formatted(scanner))
          .yaml();
    }

    private String serve(Object device, Wire wire, String name) throws java.io.IOException {
      Files.createDirectories(dir.resolve("pty-" + name));
      SimEndpoint endpoint;
      if (wire == Wire.PSEUDO_TERMINAL) {
        SocatPair pair = SocatPair.in(dir.resolve("pty-" + name));
        closing.add(pair);
        endpoint = SimEndpoint.pty(pair);
      } else {
        endpoint = SimEndpoint.tcp(0);
      }
      endpoint.serve((org.unitrace.sim.device.SimDevice) device).start();
      closing.add(endpoint);
      return endpoint.driverUri();
    }

    /** A part arrives at MARK; returns the serial the marker marked on it. */
    String markPart() {
      int marksBefore = marker.marks().count();
      int verifiedBefore = count("MarkVerified");
      plc.station("MARK").setPartPresent(true);
      await().atMost(Duration.ofSeconds(30)).until(() -> count("MarkVerified") > verifiedBefore);
      String serial =
          marker.marks().count() > marksBefore
              ? marker.marks().lastValue("SN").orElseThrow()
              : null;
      plc.station("MARK").setPartPresent(false);
      // The next part must be a change the agent sees, not a false and true within one sample.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> agent.inspect(l -> l.markedUnit("MARK")) == null);
      return serial;
    }

    int count(String type) {
      return jdbc.queryForObject(
          "SELECT count(*) FROM station_event WHERE site = ? AND type = ?",
          Integer.class,
          site,
          type);
    }

    String lastMarkVerified() {
      return jdbc.queryForObject(
          "SELECT unit_serial || ' ' || result || ' ' || coalesce(failure_code, '-')"
              + " FROM station_event WHERE site = ? AND type = 'MarkVerified' ORDER BY time DESC"
              + " LIMIT 1",
          String.class,
          site);
    }

    boolean isUnit(String serial) {
      return jdbc.queryForObject(
              "SELECT count(*) FROM unit WHERE serial = ? AND serialized_at IS NOT NULL",
              Integer.class,
              serial)
          == 1;
    }

    void awaitAtStation(String station, String serial) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> agent.inspect(l -> l.handOverQueue(station)).contains(serial));
    }

    @Override
    public void close() throws Exception {
      for (int i = closing.size() - 1; i >= 0; i--) {
        closing.get(i).close();
      }
    }
  }

  private void productAndBom() {
    ResponseEntity<JsonNode> put =
        put(
            "/api/products/CTRL-900/revisions/B",
            Map.of(
                "description",
                "controller rev B",
                "bom",
                List.of(
                    bomLine("H1", "HSG-7", "LOT", "station", "ST20", "quantity", 1),
                    bomLine("P1", "PCB-100", "SERIAL", "station", "ST20", "quantity", 1),
                    bomLine("M1", "MOD-5", "SERIAL", "station", "ST30", "quantity", 1))));
    assertThat(put.getStatusCode().is2xxSuccessful()).as(put.toString()).isTrue();
  }

  private static String gs1Pcb(String serial) {
    return "]d2" + "01" + GTIN_PCB + "21" + serial;
  }

  @ParameterizedTest(name = "devices over {0}")
  @EnumSource(Wire.class)
  void aUnitIsMarkedVerifiedAndAssembledWithALotAndSerializedComponents(Wire wire)
      throws Exception {
    try (Line line = new Line(wire)) {
      wholeUnit(line);
    }
  }

  private void wholeUnit(Line line) {
    line.st20Scanner.present("HSG7-LA17-SACME");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> line.agent.inspect(l -> l.loaded("ST20")).containsValue("HSG-7 A17"));

    String serial = line.markPart();
    assertThat(serial).isNotNull();
    assertThat(line.lastMarkVerified()).isEqualTo(serial + " OK -");
    assertThat(line.plc.station("MARK").agentResult()).isEqualTo(1);
    line.awaitAtStation("ST20", serial);

    line.st20Scanner.present(gs1Pcb("PCB7781"));
    await().atMost(Duration.ofSeconds(20)).until(() -> line.plc.station("ST20").agentResult() == 1);
    line.plc.station("ST20").completeCycle(null, true, null, Map.of());
    line.awaitAtStation("ST30", serial);
    line.st30Scanner.present("MOD5-4410");
    await().atMost(Duration.ofSeconds(20)).until(() -> line.plc.station("ST30").agentResult() == 1);
    line.plc.station("ST30").completeCycle(null, true, null, Map.of());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode tree =
                  http.getForObject("/api/units/" + serial + "/genealogy", JsonNode.class);
              assertThat(tree.path("partNumber").asText()).isEqualTo("CTRL-900");
              assertThat(tree.path("runId").asText()).isEqualTo("RUN-" + line.site);
              List<String> parts = new ArrayList<>();
              tree.path("components")
                  .forEach(
                      c ->
                          parts.add(
                              c.path("station").asText()
                                  + " "
                                  + c.path("partNumber").asText()
                                  + "="
                                  + (c.hasNonNull("componentSerial")
                                      ? c.path("componentSerial").asText()
                                      : "lot " + c.path("lot").asText())));
              assertThat(parts)
                  .containsExactlyInAnyOrder(
                      "ST20 HSG-7=lot A17", "ST20 PCB-100=PCB7781", "ST30 MOD-5=4410");
            });
    // the last result can come in a later batch than the bindings the genealogy shows
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.queryForList(
                            "SELECT station || ' ' || result FROM station_event"
                                + " WHERE unit_serial = ? AND type = 'StationResult' ORDER BY time",
                            String.class,
                            serial))
                    .containsExactly("MARK OK", "ST20 OK", "ST30 OK"));
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM serial_block WHERE site = ? AND line = 'L1'",
                Integer.class,
                line.site))
        .as("the serial came from a block the core allocated to this line")
        .isPositive();
  }

  @ParameterizedTest(name = "devices over {0}")
  @EnumSource(Wire.class)
  void eachMarkingFailureLeadsToItsOutcomeAndNoUnit(Wire wire) throws Exception {
    try (Line line = new Line(wire)) {
      markingFailures(line);
    }
  }

  private void markingFailures(Line line) {
    // Busy for less than the retries cover: asked again, then marked.
    line.marker.busyFor(Duration.ofMillis(500));
    String afterBusy = line.markPart();
    assertThat(line.lastMarkVerified()).isEqualTo(afterBusy + " OK -");
    assertThat(line.isUnit(afterBusy)).isTrue();

    line.marker.failNext("12");
    String failed = line.markPart();
    assertFailed(line, "MARKER_E12");

    line.marker.silentNext();
    line.markPart();
    assertFailed(line, "MARKER_TIMEOUT");

    line.verifier.noReadNext();
    line.verifier.noReadNext();
    line.markPart();
    assertFailed(line, "NOREAD");

    line.verifier.noReadNext();
    String readOnSecond = line.markPart();
    assertThat(line.lastMarkVerified()).isEqualTo(readOnSecond + " OK -");

    line.verifier.mismatchNext("XX0000000");
    line.verifier.mismatchNext("XX0000000");
    line.markPart();
    assertFailed(line, "MISMATCH");

    line.verifier.grade("D");
    line.markPart();
    assertFailed(line, "GRADE_BELOW_C");
    line.verifier.grade("A");

    String last = line.markPart();
    assertThat(line.lastMarkVerified()).isEqualTo(last + " OK -");
    assertThat(failed).isNotEqualTo(last);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE site = ?", Integer.class, line.site))
        .as("only the three passed marks became units")
        .isEqualTo(3);
  }

  private void assertFailed(Line line, String code) {
    String row = line.lastMarkVerified();
    assertThat(row).endsWith(" NOK " + code);
    String serial = row.substring(0, row.indexOf(' '));
    assertThat(line.isUnit(serial)).as("a failed mark is bound to no unit").isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> line.plc.station("MARK").agentResult() == 2);
  }

  @Test
  void aWrongPartOrAComponentAlreadyUsedIsRefusedAtTheStation() throws Exception {
    try (Line line = new Line(Wire.TCP)) {
      line.st20Scanner.present("HSG7-LA17-SACME");
      String first = line.markPart();
      line.awaitAtStation("ST20", first);
      line.st20Scanner.present(gs1Pcb("PCB1"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  jdbc.queryForObject(
                          "SELECT count(*) FROM unit_component WHERE unit_serial = ?"
                              + " AND component_serial = 'PCB1'",
                          Integer.class,
                          first)
                      == 1);
      line.plc.station("ST20").completeCycle(null, true, null, Map.of());
      String second = line.markPart();
      line.awaitAtStation("ST20", second);

      line.st20Scanner.present("SCR-77");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> line.plc.station("ST20").agentResult() == 2);
      line.st20Scanner.present(gs1Pcb("PCB1"));
      CoreRecords core = new CoreRecords(jdbc);
      core.awaitFailures(
          second,
          "ST20",
          failures ->
              assertThat(failures).containsExactly("WRONG_PART", "COMPONENT_ALREADY_BOUND"));

      // Without its PCB the unit's cycle at ST20 is NOK: the BOM position is missing.
      line.plc.station("ST20").completeCycle(null, true, null, Map.of());
      core.awaitFailures(
          second, "ST20", failures -> assertThat(failures).endsWith("MISSING_COMPONENT"));
      List<String> atSt30 = line.agent.inspect(l -> l.handOverQueue("ST30"));
      assertThat(atSt30).containsExactly(first);
    }
  }
}
