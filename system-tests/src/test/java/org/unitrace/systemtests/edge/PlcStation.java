package org.unitrace.systemtests.edge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.StationSim;

/**
 * One station of line L1 as YAML under {@code stations:}, its signals wired to the PLC simulator's
 * variables of that station on source {@code plc1}, as a plant engineer would write them.
 */
final class PlcStation {

  private static final Map<String, String> VARIABLES =
      Map.of(
          "cycleComplete", StationSim.CYCLE_COUNTER,
          "result", StationSim.RESULT,
          "failureCode", StationSim.FAILURE_CODE,
          "unitId", StationSim.UNIT_ID,
          "state", StationSim.STATE,
          "faultCode", StationSim.FAULT_CODE,
          "agentResult", StationSim.AGENT_RESULT,
          "partPresent", StationSim.PART_PRESENT);

  private final String id;
  private final String kind;
  private String nodePrefix;
  private String unit;
  private final Map<String, String> signals = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();
  private String more = "";

  private PlcStation(String id, String kind, String nodePrefix) {
    this.id = id;
    this.kind = kind;
    this.nodePrefix = nodePrefix;
  }

  /** Station {@code id} of {@code kind}, its nodes named by the PLC's namespace index. */
  static PlcStation of(PlcSimulator plc, String id, String kind) {
    return new PlcStation(id, kind, "ns=" + plc.namespaceIndex() + ";s=L1." + id + ".");
  }

  /** Names the nodes by the simulator's namespace URI instead of its index. */
  PlcStation byNamespaceUri() {
    nodePrefix = "nsu=urn:unitrace:sim:plc;s=L1." + id + ".";
    return this;
  }

  /** The unit is the one the PLC names in UnitId. */
  PlcStation unitFromSignal() {
    unit = "{ source: signal }";
    return this;
  }

  /** The unit is the next one handed over by {@code station}. */
  PlcStation unitFrom(String station) {
    unit = "{ source: fifo, from: " + station + " }";
    return this;
  }

  /** Signals read from (or written to) the station's variable of the same meaning. */
  PlcStation signals(String... names) {
    for (String name : names) {
      String variable = VARIABLES.get(name);
      if (variable == null) {
        throw new IllegalArgumentException("no PLC variable for signal " + name);
      }
      signals.put(name, node(variable));
    }
    return this;
  }

  /** Signal {@code name} wired as {@code yaml} says (a flow mapping). */
  PlcStation signal(String name, String yaml) {
    signals.put(name, yaml);
    return this;
  }

  /** Process values read from the station's variables of the same names. */
  PlcStation values(String... names) {
    for (String name : names) {
      values.put(name, node(name));
    }
    return this;
  }

  /** Further keys of the station (marking, binding, devices), not indented. */
  PlcStation more(String yaml) {
    more = yaml.indent(4);
    return this;
  }

  /** The station's variable {@code variable} on plc1, as a flow mapping. */
  String node(String variable) {
    return "{ plc: plc1, node: \"" + nodePrefix + variable + "\" }";
  }

  String yaml() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("  - id: ").append(id).append('\n');
    yaml.append("    kind: ").append(kind).append('\n');
    if (unit != null) {
      yaml.append("    unit: ").append(unit).append('\n');
    }
    yaml.append("    signals:\n");
    signals.forEach((name, wire) -> yaml.append("      ").append(name).append(": " + wire + "\n"));
    if (!values.isEmpty()) {
      yaml.append("      processValues:\n");
      values.forEach(
          (name, wire) -> yaml.append("        ").append(name).append(": " + wire + "\n"));
    }
    return yaml.append(more).toString();
  }

  @Override
  public String toString() {
    return yaml();
  }
}
