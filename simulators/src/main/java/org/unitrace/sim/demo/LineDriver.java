package org.unitrace.sim.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.device.scanner.ScanMode;
import org.unitrace.sim.device.MarkerSimulator;
import org.unitrace.sim.device.ScannerSimulator;
import org.unitrace.sim.device.SimEndpoint;
import org.unitrace.sim.device.SocatPair;
import org.unitrace.sim.mqtt.SparkplugStation;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.PlcSimulatorConfig;
import org.unitrace.sim.plc.StationSim;
import org.unitrace.sim.plc.StationSpec;

/**
 * One simulated line of the demo, playing what the PLC program and the operators do: a part arrives
 * at the marking station (MARK), the agent marks and verifies it, the part goes on to the assembly
 * station (ASM) where its serialized part is scanned and its lot is loaded, and the PLC reports the
 * cycle; where the line has one, an end-of-line test bench behind a Sparkplug B edge node tests the
 * unit last. The marker, verifier and scanner are simulators on TCP ports, or the marker and
 * verifier on serial ports (socat pseudo-terminal pairs) where the scenario asks for them and socat
 * is installed; the PLC is an OPC UA simulator.
 */
final class LineDriver implements AutoCloseable {

  private final Scenario.Line spec;
  private final String site;
  private final PlcSimulator plc;
  private final MarkerSimulator marker = new MarkerSimulator().markingTime(Duration.ofMillis(400));
  private final ScannerSimulator verifier = new ScannerSimulator(ScanMode.TRIGGER);
  private final ScannerSimulator scanner = new ScannerSimulator(ScanMode.CONTINUOUS);
  private final SimEndpoint markerEnd;
  private final SimEndpoint verifierEnd;
  private final SimEndpoint scannerEnd;
  private final List<SocatPair> ptys = new ArrayList<>();
  private final SparkplugStation bench;
  private final Random random = new Random();
  private final Thread thread;
  private volatile boolean running = true;

  /** Modules this line made and another line may fit (when another line consumes this one). */
  final BlockingQueue<String> made = new java.util.concurrent.LinkedBlockingQueue<>();

  /** Units made OK, with the lot loaded when each was made. */
  final Map<String, String> lotOf = new ConcurrentHashMap<>();

  /** Top-level units this line completed, for the warehouse. */
  final List<String> completed = new CopyOnWriteArrayList<>();

  /** Which sub-assembly went into each unit (when this line consumes another line's units). */
  final Map<String, String> subAssemblyOf = new ConcurrentHashMap<>();

  final AtomicInteger units = new AtomicInteger();
  final AtomicInteger nok = new AtomicInteger();
  final AtomicInteger markFailures = new AtomicInteger();

  private final LineDriver upstream;
  private String loadedLot;
  private boolean benchUp;

  LineDriver(
      Scenario.Line spec, String site, int opcPort, Path dir, LineDriver upstream, String mqttUrl)
      throws Exception {
    this.spec = spec;
    this.site = site;
    this.upstream = upstream;
    Path pki = dir.resolve("pki-" + spec.line());
    plc =
        PlcSimulator.start(
            PlcSimulatorConfig.builder()
                .port(opcPort)
                .line(spec.line())
                .pkiDir(pki)
                .stations(
                    List.of(
                        StationSpec.of("MARK", List.of()),
                        StationSpec.of("ASM", List.of("Torque"))))
                .build());
    verifier.verifies(marker.marks(), "SN");
    boolean serial = spec.serialDevices() && socatInstalled();
    markerEnd = (serial ? pty(dir, "marker") : SimEndpoint.tcp(0)).serve(marker);
    markerEnd.start();
    verifierEnd = (serial ? pty(dir, "verifier") : SimEndpoint.tcp(0)).serve(verifier);
    verifierEnd.start();
    if (spec.serialDevices() && !serial) {
      System.out.println(
          "demo: line " + spec.line() + ": socat is not installed: marker and verifier on TCP");
    }
    Scenario.EndOfLine eol = spec.endOfLine();
    bench =
        eol == null
            ? null
            : SparkplugStation.connect(
                mqttUrl, site, benchNode(), eol.station(), List.of(eol.processValue()));
    scannerEnd = SimEndpoint.tcp(0).serve(scanner);
    scannerEnd.start();
    thread = DaemonThreads.create("demo-line-" + spec.line(), this::run);
  }

  String line() {
    return spec.line();
  }

  /** How the line's devices are reached, for the console. */
  String wiring() {
    return "%s: PLC %s, marker %s, verifier %s, scanner %s%s"
        .formatted(
            spec.line(),
            plc.endpointUrl(),
            markerEnd.driverUri(),
            verifierEnd.driverUri(),
            scannerEnd.driverUri(),
            bench == null
                ? ""
                : ", %s over Sparkplug B (spBv1.0/%s/+/%s/%s)"
                    .formatted(
                        spec.endOfLine().station(), site, benchNode(), spec.endOfLine().station()));
  }

  private String benchNode() {
    return spec.line() + "-" + spec.endOfLine().station();
  }

  private SimEndpoint pty(Path dir, String device) throws IOException {
    Path link = dir.toAbsolutePath().resolve("tty-" + spec.line() + "-" + device);
    Files.createDirectories(link);
    // a demo stopped hard leaves its links behind; socat makes new ones
    Files.deleteIfExists(link.resolve("agent"));
    Files.deleteIfExists(link.resolve("device"));
    SocatPair pair = SocatPair.in(link);
    ptys.add(pair);
    return SimEndpoint.pty(pair);
  }

  private static boolean socatInstalled() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "socat"))) {
        return true;
      }
    }
    return false;
  }

  /** The line's agent configuration: PLC nodes, devices on their ports, label patterns. */
  String agentYaml(String coreUrl, String token, String mqttUrl, String template) {
    String n = "ns=" + plc.namespaceIndex() + ";s=" + spec.line() + ".";
    String serialPattern =
        upstream == null
            ? "- { partNumber: %s, regex: \"SN:(?<serial>[0-9]+)\" }"
                .formatted(spec.serialized().partNumber())
            : "- { partNumber: %s, regex: \"M:(?<serial>[A-Z0-9]+)\" }"
                .formatted(upstream.spec.product().partNumber());
    return """
        # Written by the demo plant: %1$s/%2$s. See docs/edge-agent.md.
        site: %1$s
        line: %2$s
        core:
          mqtt: { url: "%3$s", clientId: edge-%1$s-%2$s }
          http: { url: "%4$s", token: "%5$s" }
        outbox: { file: outbox-%2$s.db }
        serials: { template: "%6$s", reserve: 500, blockSize: 200, lowWater: 200 }
        plcs:
          plc: { endpoint: "%7$s", securityPolicy: None, pkiDir: agent-pki-%2$s }
        %16$s
        stations:
          - id: MARK
            kind: marking
            signals:
              partPresent: { plc: plc, node: "%8$sMARK.PartPresent" }
              agentResult: { plc: plc, node: "%8$sMARK.AgentResult" }
              state: { plc: plc, node: "%8$sMARK.State" }
            marking:
              runId: RUN-%2$s-%9$s
              partNumber: %10$s
              revision: %11$s
              job: DM
              variables: { SN: "{serial}" }
              markTimeout: 5s
              verify: { minGrade: C, readAttempts: 2, readTimeout: 2s }
            devices:
              marker: { channel: "%12$s" }
              verifier: { channel: "%13$s", mode: trigger }
          - id: ASM
            kind: assembly
            completes: %17$s
            unit: { source: fifo, from: MARK }
            signals:
              cycleComplete: { plc: plc, node: "%8$sASM.CycleCounter" }
              result: { plc: plc, node: "%8$sASM.Result" }
              failureCode: { plc: plc, node: "%8$sASM.FailureCode" }
              processValues:
                Torque: { plc: plc, node: "%8$sASM.Torque" }
              state: { plc: plc, node: "%8$sASM.State" }
              agentResult: { plc: plc, node: "%8$sASM.AgentResult" }
            binding:
              patterns:
                %14$s
                - { regex: "LOT:(?<part>[A-Z0-9-]+):(?<lot>[A-Z0-9-]+):(?<supplier>[A-Z0-9]+)" }
            devices:
              scanner: { channel: "%15$s" }
        %18$s"""
        .formatted(
            site,
            spec.line(),
            mqttUrl,
            coreUrl,
            token,
            template,
            plc.endpointUrl(),
            n,
            java.time.LocalDate.now(),
            spec.product().partNumber(),
            spec.product().revision(),
            markerEnd.driverUri(),
            verifierEnd.driverUri(),
            serialPattern,
            scannerEnd.driverUri(),
            bench == null ? "" : "brokers:\n  line: { url: \"%s\" }".formatted(mqttUrl),
            bench == null,
            bench == null ? "" : benchYaml());
  }

  /** The test bench's station: every signal a Sparkplug metric of its device. */
  private String benchYaml() {
    Scenario.EndOfLine eol = spec.endOfLine();
    String device =
        "{ broker: line, sparkplug: { group: %s, node: %s, device: %s }, metric:"
            .formatted(site, benchNode(), eol.station());
    return """
          - id: %1$s
            kind: test
            completes: true
            unit: { source: signal }
            signals:
              cycleComplete: %2$s CycleCounter }
              result: %2$s Result }
              failureCode: %2$s FailureCode }
              unitId: %2$s UnitId }
              state: %2$s State }
              processValues:
                %3$s: %2$s %3$s }
        """
        .formatted(eol.station(), device, eol.processValue());
  }

  void start() {
    thread.start();
  }

  private void run() {
    int n = 0;
    long pcb = System.currentTimeMillis() % 1_000_000 * 1000;
    plc.station("MARK").setState(1, null);
    plc.station("ASM").setState(1, null);
    while (running) {
      if (bench != null && !benchUp) {
        benchUp = birth();
        continue;
      }
      try {
        if (n % spec.lot().changeEvery() == 0) {
          loadedLot =
              spec.lot().lots().get((n / spec.lot().changeEvery()) % spec.lot().lots().size());
          scanner.present(
              "LOT:%s:%s:%s".formatted(spec.lot().partNumber(), loadedLot, spec.lot().supplier()));
          pause(Duration.ofMillis(300));
        }
        n++;
        String serial = markOne(n);
        if (serial == null) {
          markFailures.incrementAndGet();
          continue;
        }
        String sub = null;
        if (upstream != null) {
          sub = upstream.made.poll(60, TimeUnit.SECONDS);
          if (sub == null) {
            continue; // the upstream line is not making modules: try again
          }
          scanner.present("M:" + sub);
        } else {
          scanner.present("SN:" + (++pcb));
        }
        pause(Duration.ofMillis(400));
        boolean ok = random.nextDouble() >= spec.nokRate();
        StationSim asm = plc.station("ASM");
        asm.completeCycle(
            null, ok, ok ? null : "E-TORQUE", Map.of("Torque", 4.0 + random.nextGaussian() * 0.2));
        if (ok && bench != null) {
          pause(Duration.ofMillis(300));
          ok = random.nextDouble() >= spec.endOfLine().nokRate();
          bench.completeCycle(
              serial,
              ok,
              ok ? null : "E-VOLTAGE",
              Map.of(spec.endOfLine().processValue(), (ok ? 48.0 : 45.5) + random.nextGaussian()));
        }
        units.incrementAndGet();
        if (ok) {
          lotOf.put(serial, loadedLot);
          if (sub != null) {
            subAssemblyOf.put(serial, sub);
          }
          made.offer(serial);
          completed.add(serial);
        } else {
          nok.incrementAndGet();
        }
        pause(spec.cycleTime());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (running) {
          System.err.println("demo line " + spec.line() + ": " + e);
          pause(Duration.ofSeconds(2));
        }
      }
    }
  }

  /**
   * The bench's node comes online (NBIRTH, DBIRTH) once the agent is up, so the agent learns the
   * metrics' aliases before the first DDATA; false (and a retry) while the broker is away.
   */
  private boolean birth() {
    try {
      bench.birth();
      bench.setState(1, null);
      return true;
    } catch (Exception e) {
      System.err.println("demo line " + spec.line() + ": test bench: " + e.getMessage());
      pause(Duration.ofSeconds(2));
      return false;
    }
  }

  /** A part at MARK: the serial the agent marked on it, or null when the mark failed. */
  private String markOne(int n) {
    boolean fault = spec.markerFaultEvery() > 0 && n % spec.markerFaultEvery() == 0;
    if (fault) {
      marker.failNext("12");
    }
    StationSim mark = plc.station("MARK");
    mark.clearAgentResult();
    int before = marker.marks().count();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    mark.setPartPresent(true);
    String serial = null;
    while (running && System.nanoTime() < deadline) {
      if (marker.marks().count() > before) {
        serial = marker.marks().lastValue("SN").orElse(null);
        break;
      }
      if (fault
          && marker.received().stream().anyMatch(f -> f.startsWith("START"))
          && mark.agentResult() == 2) {
        break;
      }
      pause(Duration.ofMillis(100));
    }
    if (serial != null) {
      // wait for the agent's verdict on the verified mark before the part moves on
      long verdict = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (running && mark.agentResult() != 1 && System.nanoTime() < verdict) {
        pause(Duration.ofMillis(100));
      }
    }
    mark.setPartPresent(false);
    if (fault) {
      // the laser's fault shows as the station's state until the operator has reset it
      mark.setState(5, "LASER-12");
      pause(Duration.ofSeconds(3));
      mark.setState(1, null);
    }
    pause(Duration.ofMillis(300)); // the agent sees the part leave before the next one comes
    return serial;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    DaemonThreads.stop(thread, Duration.ofSeconds(5));
    scannerEnd.close();
    verifierEnd.close();
    markerEnd.close();
    ptys.forEach(SocatPair::close);
    if (bench != null) {
      try {
        bench.close();
      } catch (Exception e) {
        System.err.println("demo line " + spec.line() + ": test bench: " + e.getMessage());
      }
    }
    try {
      plc.close();
    } catch (Exception e) {
      System.err.println("demo line " + spec.line() + ": PLC simulator: " + e.getMessage());
    }
  }
}
