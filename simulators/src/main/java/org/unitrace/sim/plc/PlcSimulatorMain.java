package org.unitrace.sim.plc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a producing PLC for one line until Ctrl-C, so plant IT can wire an agent against it before
 * touching the real line:
 *
 * <pre>java -jar simulators-exec.jar --port 4840 --line L1 --stations ST10,ST20,ST30 \
 *   --values Torque,Angle --cycle 2s --nok 0.05 --fault 0.01 [--secure] [--user name:password] \
 *   [--marking]
 * </pre>
 *
 * <p>With {@code --marking} the first station is a marking station: it presents a part each cycle
 * and waits for the agent's AgentResult ({@link PlcSimulator#startCyclingWithMarking()}).
 */
public final class PlcSimulatorMain {

  private PlcSimulatorMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "unitrace-sim-logback.xml");
    Map<String, String> o = optionsOf(args);
    Duration cycle = durationOf(o.getOrDefault("cycle", "2s"));
    double nok = Double.parseDouble(o.getOrDefault("nok", "0.05"));
    double fault = Double.parseDouble(o.getOrDefault("fault", "0.01"));
    List<String> values = list(o.getOrDefault("values", "Torque,Angle"));
    List<StationSpec> stations = new ArrayList<>();
    for (String id : list(o.getOrDefault("stations", "ST10,ST20,ST30"))) {
      stations.add(StationSpec.of(id, values).withProduction(cycle, nok, fault));
    }
    boolean secure = o.containsKey("secure");
    Map<String, String> users = new HashMap<>();
    if (o.containsKey("user")) {
      String[] up = o.get("user").split(":", 2);
      users.put(up[0], up.length > 1 ? up[1] : "");
    }
    PlcSimulator plc =
        PlcSimulator.start(
            PlcSimulatorConfig.builder()
                .host(o.getOrDefault("host", "127.0.0.1"))
                .port(Integer.parseInt(o.getOrDefault("port", "4840")))
                .line(o.getOrDefault("line", "L1"))
                .stations(stations)
                .security(!secure, true, true)
                .users(users)
                .pkiDir(Path.of(o.getOrDefault("pki", "plc-pki")))
                .build());
    if (o.containsKey("marking")) {
      plc.startCyclingWithMarking();
    } else {
      plc.startCycling();
    }
    System.out.println(
        "PLC simulator for line " + o.getOrDefault("line", "L1") + " at " + plc.endpointUrl());
    System.out.println("  namespace ns=" + plc.namespaceIndex() + " (urn:unitrace:sim:plc)");
    for (StationSpec s : stations) {
      System.out.println(
          "  "
              + s.id()
              + ": "
              + plc.nodeId(s.id(), "CycleCounter")
              + ", ... every "
              + cycle.toMillis()
              + " ms");
    }
    System.out.println(
        "  server certificate: "
            + Path.of(o.getOrDefault("pki", "plc-pki")).resolve("plc-simulator.der")
            + "; Ctrl-C stops");
    closeOnShutdown(plc).await();
  }

  /**
   * Closes {@code resources} on Ctrl-C, in order, each even when one before it failed; the latch
   * opens once they are closed, so a main that has nothing else to do waits on it.
   */
  public static CountDownLatch closeOnShutdown(AutoCloseable... resources) {
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable resource : resources) {
                    try {
                      resource.close();
                    } catch (Exception e) {
                      System.err.println("stopping: " + e.getMessage());
                    }
                  }
                  closed.countDown();
                }));
    return closed;
  }

  /** {@code --key value} and {@code --flag} options. */
  public static Map<String, String> optionsOf(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
      }
      String key = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        o.put(key, args[++i]);
      } else {
        o.put(key, "true");
      }
    }
    return o;
  }

  /** {@code 500ms}, {@code 2s}, {@code 1m}. */
  public static Duration durationOf(String text) {
    var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration such as 500ms, 2s or 1m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
