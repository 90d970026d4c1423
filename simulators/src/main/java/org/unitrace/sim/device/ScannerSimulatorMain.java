package org.unitrace.sim.device;

import static org.unitrace.sim.plc.PlcSimulatorMain.optionsOf;

import java.util.Locale;
import java.util.Map;
import org.unitrace.line.device.scanner.ScanMode;

/**
 * Runs a simulated scanner until Ctrl-C; labels typed on the console are what it reads next:
 *
 * <pre>
 * java -cp simulators/target/simulators-*-exec.jar \
 *   -Dloader.main=org.unitrace.sim.device.ScannerSimulatorMain \
 *   org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --tcp 4002 | --pty /tmp/scanner   [--mode trigger|continuous] [--framing crlf|stx-etx]
 * </pre>
 *
 * A console line is a label, its frame as sent ({@code ]d2010950600013435<GS>21SN1<TAB>...} with
 * {@code <GS>} for GS and {@code \t} for TAB), or a command: {@code !noread}, {@code !empty},
 * {@code !garble}, {@code !mismatch <data>}, {@code !silent}, {@code !read} (continuous mode: read
 * now).
 */
public final class ScannerSimulatorMain {

  private ScannerSimulatorMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "unitrace-sim-logback.xml");
    Map<String, String> o = optionsOf(args);
    ScanMode mode = ScanMode.valueOf(o.getOrDefault("mode", "trigger").toUpperCase(Locale.ROOT));
    ScannerSimulator sim = new ScannerSimulator(mode);
    SimEndpoint endpoint = SimCli.endpoint(o, "", sim);
    System.out.println(
        "Scanner simulator (generic, "
            + mode.name().toLowerCase(Locale.ROOT)
            + "): driver uses "
            + endpoint.driverUri());
    System.out.println(
        "Type a label to present, or !noread | !empty | !garble | !mismatch <data> | !silent |"
            + " !read; Ctrl-C stops");
    SimCli.console(
        line -> {
          if (!line.startsWith("!")) {
            sim.present(SimCli.typed(line).replace("\\t", "\t"));
            return;
          }
          String[] c = line.substring(1).split("\\s+", 2);
          switch (c[0]) {
            case "noread" -> sim.noReadNext();
            case "empty" -> sim.emptyNext();
            case "garble" -> sim.garbleNext();
            case "mismatch" -> sim.mismatchNext(SimCli.typed(c[1]));
            case "silent" -> sim.silentNext();
            case "read" -> sim.readNow();
            default -> throw new IllegalArgumentException("unknown command '!" + c[0] + "'");
          }
        },
        endpoint);
  }
}
