package org.unitrace.sim.device;

import static org.unitrace.sim.plc.PlcSimulatorMain.durationOf;
import static org.unitrace.sim.plc.PlcSimulatorMain.optionsOf;

import java.util.Map;
import org.unitrace.line.device.scanner.ScanMode;

/**
 * Runs a simulated laser marker until Ctrl-C, so a marking station can be wired and tried without a
 * laser; optionally a verifier that reads back what it marked:
 *
 * <pre>
 * java -cp simulators/target/simulators-*-exec.jar \
 *   -Dloader.main=org.unitrace.sim.device.MarkerSimulatorMain \
 *   org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --tcp 4001 | --pty /tmp/marker   [--framing crlf|stx-etx] [--marking-time 500ms]
 *   [--jobs PLATE:SN,DM;BOX:SN] [--fail-always 10]
 *   [--verifier-tcp 4002 | --verifier-pty /tmp/verifier] [--verify DM] [--grade A]
 * </pre>
 *
 * Console commands while running: {@code fail <code>}, {@code fail-always <code>}, {@code clear},
 * {@code silent}, {@code busy <duration>}.
 */
public final class MarkerSimulatorMain {

  private MarkerSimulatorMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "unitrace-sim-logback.xml");
    Map<String, String> o = optionsOf(args);
    MarkerSimulator sim =
        new MarkerSimulator().markingTime(durationOf(o.getOrDefault("marking-time", "500ms")));
    if (o.containsKey("jobs")) {
      for (String job : o.get("jobs").split(";")) {
        String[] jv = job.split(":", 2);
        sim.job(jv[0].strip(), jv.length > 1 ? jv[1].strip().split("\\s*,\\s*") : new String[0]);
      }
    }
    if (o.containsKey("fail-always")) {
      sim.failAlways(o.get("fail-always"));
    }
    SimEndpoint endpoint = SimCli.endpoint(o, "", sim);
    System.out.println("Marker simulator (unitrace-ascii): driver uses " + endpoint.driverUri());
    sim.marks()
        .addListener(
            m ->
                System.out.println(
                    "marked #" + m.number() + " job " + m.job() + " " + shownVariables(m)));
    SimEndpoint verifier = null;
    if (o.containsKey("verifier-tcp") || o.containsKey("verifier-pty")) {
      ScannerSimulator scanner =
          new ScannerSimulator(ScanMode.TRIGGER)
              .verifies(sim.marks(), o.getOrDefault("verify", "DM"))
              .grade(o.getOrDefault("grade", "A"));
      verifier = SimCli.endpoint(o, "verifier-", scanner);
      System.out.println("Verifier (generic, trigger): driver uses " + verifier.driverUri());
    }
    System.out.println(
        "Commands: fail <code> | fail-always <code> | clear | silent | busy <duration>; Ctrl-C"
            + " stops");
    SimEndpoint v = verifier;
    SimCli.console(
        line -> {
          String[] c = line.split("\\s+", 2);
          switch (c[0]) {
            case "fail" -> sim.failNext(c[1]);
            case "fail-always" -> sim.failAlways(c[1]);
            case "clear" -> sim.clearFailures();
            case "silent" -> sim.silentNext();
            case "busy" -> sim.busyFor(durationOf(c[1]));
            default -> throw new IllegalArgumentException("unknown command '" + c[0] + "'");
          }
          System.out.println("ok");
        },
        endpoint,
        v == null ? () -> {} : v,
        sim);
  }

  private static String shownVariables(Marks.Mark m) {
    StringBuilder b = new StringBuilder();
    m.variables()
        .forEach((k, val) -> b.append(k).append('=').append(SimCli.shown(val)).append(' '));
    return b.toString().strip();
  }
}
