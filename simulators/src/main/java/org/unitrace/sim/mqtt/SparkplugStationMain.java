package org.unitrace.sim.mqtt;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A Sparkplug B station producing until Ctrl-C:
 *
 * <pre>java -cp simulators-exec.jar -Dloader.main=org.unitrace.sim.mqtt.SparkplugStationMain \
 *   org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --broker tcp://127.0.0.1:1883 --group AKL --node L1-ST30 --device ST30 --cycle 2s</pre>
 */
public final class SparkplugStationMain {

  private SparkplugStationMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "unitrace-sim-logback.xml");
    Map<String, String> o = org.unitrace.sim.plc.PlcSimulatorMain.optionsOf(args);
    long cycleMs =
        org.unitrace.sim.plc.PlcSimulatorMain.durationOf(o.getOrDefault("cycle", "2s")).toMillis();
    List<String> values = Arrays.asList(o.getOrDefault("values", "Pressure").split(","));
    String device = o.getOrDefault("device", "ST30");
    SparkplugStation station =
        SparkplugStation.connect(
            o.getOrDefault("broker", "tcp://127.0.0.1:1883"),
            o.getOrDefault("group", "AKL"),
            o.getOrDefault("node", "L1-" + device),
            device,
            values);
    station.birth();
    station.setState(1, null);
    System.out.println("Sparkplug station " + device + " publishing; Ctrl-C stops");
    org.unitrace.sim.plc.PlcSimulatorMain.closeOnShutdown(station);
    Random random = new Random();
    long unit = 1;
    while (true) {
      Thread.sleep(cycleMs);
      Map<String, Double> v = new LinkedHashMap<>();
      values.forEach(
          name -> v.put(name, Math.round((2 + random.nextGaussian() * 0.1) * 100) / 100.0));
      boolean ok = random.nextDouble() > 0.05;
      station.completeCycle(device + "-" + unit++, ok, ok ? null : "NOK", v);
    }
  }
}
