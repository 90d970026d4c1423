package org.unitrace.edge.tools;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lombok.RequiredArgsConstructor;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.LineConfigLoader;
import org.unitrace.edge.config.PlcConfig;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.device.DeviceFactory;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.mqtt.MqttEndpoint;
import org.unitrace.line.mqtt.MqttSession;
import org.unitrace.line.opcua.OpcUaConnector;

/**
 * {@code check <line.yml>}: connects to every PLC, broker and device the file names and reports,
 * per bound signal (by its key path in the file), whether the node exists, its data type against
 * what the binding needs, and its value; per broker whether it lets the agent in; per device
 * whether it answers. Exits 0 when all is well, 1 on any problem, 2 when the file itself is wrong.
 */
final class LineCheck {

  /** What a binding needs of its node's data type. */
  @RequiredArgsConstructor
  enum Expect {
    COUNTER("a whole number (Int16/32/64, UInt16/32/64, SByte, Byte)"),
    BOOLEAN("Boolean"),
    TEXT("String"),
    CODE("a String or a whole number"),
    SCALAR("a Boolean, number or String");

    final String says;

    boolean accepts(String type) {
      boolean whole =
          Set.of(
                  "SByte",
                  "Byte",
                  "Int16",
                  "UInt16",
                  "Int32",
                  "UInt32",
                  "Int64",
                  "UInt64",
                  "Integer",
                  "UInteger",
                  "Enumeration")
              .contains(type);
      return switch (this) {
        case COUNTER -> whole;
        case BOOLEAN -> type.equals("Boolean");
        case TEXT -> type.equals("String") || type.equals("LocalizedText");
        case CODE -> whole || type.equals("String") || type.equals("LocalizedText");
        case SCALAR ->
            whole
                || Set.of("Boolean", "Float", "Double", "Number", "String", "LocalizedText")
                    .contains(type);
      };
    }
  }

  /** One bound signal: where it sits in the file, what it needs, whether the agent writes it. */
  record Bound(String path, SignalBinding binding, Expect expect, boolean written) {}

  private static final long DEVICE_TIMEOUT_MS = 5_000;

  private final PrintStream out;
  private int problems;

  private LineCheck(PrintStream out) {
    this.out = out;
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() != 1 || args.get(0).startsWith("--")) {
      err.println("usage: check <line.yml>");
      return 2;
    }
    Path file = Path.of(args.get(0));
    if (!Files.isRegularFile(file)) {
      err.println("check: no file " + file);
      return 2;
    }
    LineConfig line;
    try {
      line = new LineConfigLoader().load(file);
    } catch (RuntimeException e) {
      err.println("check: " + e.getMessage());
      return 2;
    }
    LineCheck check = new LineCheck(out);
    out.println("# " + file + ": line " + line.site() + "/" + line.line());
    List<Bound> bound = bindings(line);
    for (PlcConfig plc : line.plcs().values()) {
      check.plc(plc, bound.stream().filter(b -> b.binding().source().equals(plc.name())).toList());
    }
    check.brokers(line, bound);
    check.devices(line);
    out.println(
        check.problems == 0
            ? "# all well"
            : "# " + check.problems + " problem" + (check.problems == 1 ? "" : "s"));
    return check.problems == 0 ? 0 : 1;
  }

  /** Every signal of the file with its key path and what it needs. */
  static List<Bound> bindings(LineConfig line) {
    List<Bound> all = new ArrayList<>();
    for (int i = 0; i < line.stations().size(); i++) {
      StationConfig s = line.stations().get(i);
      String base = "stations[%d].signals.".formatted(i);
      StationConfig.Signals sig = s.signals();
      add(all, base + "partPresent", sig.partPresent(), Expect.BOOLEAN, false);
      if (sig.cycle() != null) {
        boolean edge = sig.cycle().mode() == StationConfig.CycleMode.RISING_EDGE;
        add(
            all,
            base + "cycleComplete",
            sig.cycle().binding(),
            edge ? Expect.BOOLEAN : Expect.COUNTER,
            false);
        add(
            all,
            base + "cycleComplete.acknowledge",
            sig.cycle().acknowledge(),
            Expect.COUNTER,
            true);
      }
      if (sig.result() != null) {
        add(all, base + "result", sig.result().binding(), Expect.SCALAR, false);
      }
      add(all, base + "failureCode", sig.failureCode(), Expect.CODE, false);
      add(all, base + "unitId", sig.unitId(), Expect.TEXT, false);
      if (sig.processValues() != null) {
        sig.processValues()
            .forEach(
                (name, b) -> add(all, base + "processValues." + name, b, Expect.SCALAR, false));
      }
      if (sig.state() != null) {
        add(all, base + "state", sig.state().binding(), Expect.CODE, false);
      }
      add(all, base + "faultCode", sig.faultCode(), Expect.CODE, false);
      add(all, base + "agentResult", sig.agentResult(), Expect.SCALAR, true);
      StationConfig.Marking m = s.marking();
      if (m != null) {
        String mb = "stations[%d].marking.".formatted(i);
        marking(all, mb + "runId", m.runId());
        marking(all, mb + "partNumber", m.partNumber());
        marking(all, mb + "revision", m.revision());
        marking(all, mb + "shift", m.shift());
      }
    }
    return all;
  }

  private static void marking(List<Bound> all, String path, StationConfig.ValueSource v) {
    if (v != null) {
      add(all, path, v.signal(), Expect.CODE, false);
    }
  }

  private static void add(
      List<Bound> all, String path, SignalBinding b, Expect expect, boolean written) {
    if (b != null) {
      all.add(
          new Bound(
              b instanceof SignalBinding.OpcUaNode ? path + ".node" : path, b, expect, written));
    }
  }

  private void plc(PlcConfig plc, List<Bound> signals) {
    OpcUaClient client;
    try {
      client = OpcUaConnector.connect(plc.endpoint(), plc.security());
    } catch (Exception e) {
      fail("plcs." + plc.name(), "cannot connect to " + plc.endpoint() + ": " + e.getMessage());
      signals.forEach(b -> fail(b.path(), "not checked: PLC " + plc.name() + " unreachable"));
      return;
    }
    try {
      ok("plcs." + plc.name(), "connected to " + plc.endpoint());
      Map<Bound, NodeId> ids = new LinkedHashMap<>();
      for (Bound b : signals) {
        String nodeId = ((SignalBinding.OpcUaNode) b.binding()).nodeId();
        try {
          ids.put(b, PlcBrowse.resolve(client, nodeId));
        } catch (RuntimeException e) {
          fail(b.path(), nodeId + ": " + e.getMessage());
        }
      }
      if (ids.isEmpty()) {
        return;
      }
      List<ReadValueId> reads = new ArrayList<>();
      for (NodeId id : ids.values()) {
        reads.add(new ReadValueId(id, AttributeId.NodeClass.uid(), null, null));
        reads.add(new ReadValueId(id, AttributeId.DataType.uid(), null, null));
        reads.add(new ReadValueId(id, AttributeId.Value.uid(), null, null));
        reads.add(new ReadValueId(id, AttributeId.UserAccessLevel.uid(), null, null));
      }
      DataValue[] values = client.read(0, TimestampsToReturn.Neither, reads).getResults();
      Map<String, String> counterTypes = new LinkedHashMap<>();
      int i = 0;
      for (Map.Entry<Bound, NodeId> e : ids.entrySet()) {
        node(e.getKey(), values[i], values[i + 1], values[i + 2], values[i + 3], counterTypes);
        i += 4;
      }
    } catch (Exception e) {
      fail("plcs." + plc.name(), "reading the bound nodes failed: " + e.getMessage());
    } finally {
      client.disconnectAsync();
    }
  }

  private void node(
      Bound b,
      DataValue nodeClass,
      DataValue dataType,
      DataValue value,
      DataValue access,
      Map<String, String> counterTypes) {
    String nodeId = ((SignalBinding.OpcUaNode) b.binding()).nodeId();
    if (nodeClass.getStatusCode() != null && nodeClass.getStatusCode().isBad()) {
      fail(
          b.path(),
          nodeId
              + ": no such node on the PLC ("
              + DataTypes.status(nodeClass.getStatusCode())
              + ")");
      return;
    }
    Object cls = nodeClass.getValue().getValue();
    if (!(cls instanceof Number n) || n.intValue() != NodeClass.Variable.getValue()) {
      fail(b.path(), nodeId + ": is not a variable (node class " + cls + ")");
      return;
    }
    String type = DataTypes.name(dataType);
    String shown = nodeId + " " + type + " = " + DataTypes.value(value);
    if (!b.expect().accepts(type)) {
      fail(b.path(), shown + ": data type " + type + ", but this signal needs " + b.expect().says);
      return;
    }
    String station = b.path().substring(0, b.path().indexOf('.', b.path().indexOf(']')));
    if (b.path().endsWith("cycleComplete.node")) {
      counterTypes.put(station, type);
    }
    if (b.path().endsWith("cycleComplete.acknowledge.node")) {
      String counter = counterTypes.get(station);
      if (counter != null && !counter.equals(type)) {
        fail(b.path(), shown + ": the acknowledge must have the counter's data type " + counter);
        return;
      }
    }
    if (b.written()) {
      Object level = access.getValue().getValue();
      boolean writable = level instanceof Number l && (l.intValue() & 0x02) != 0;
      if (!writable) {
        fail(b.path(), shown + ": the agent writes this node, but the PLC does not let it");
        return;
      }
    }
    ok(b.path(), shown);
  }

  private void brokers(LineConfig line, List<Bound> bound) {
    var core = line.core();
    if (core != null && core.mqttUrl() != null) {
      broker("core.mqtt", core.mqttUrl(), core.mqttUsername(), core.mqttPassword());
    }
    line.brokers()
        .forEach(
            (name, b) -> {
              boolean reached = broker("brokers." + name, b.url(), b.username(), b.password());
              for (Bound s : bound) {
                if (s.binding().source().equals(name)) {
                  if (reached) {
                    ok(s.path(), s.binding().describe() + " (its value arrives with messages)");
                  } else {
                    fail(s.path(), "not checked: broker " + name + " unreachable");
                  }
                }
              }
            });
  }

  private boolean broker(String path, String url, String user, String password) {
    try {
      MqttSession.probe(
          MqttEndpoint.of(url, "unitrace-check-" + ProcessHandle.current().pid())
              .withCredentials(user, password == null ? null : password.toCharArray()));
      ok(path, "connected to " + url);
      return true;
    } catch (RuntimeException e) {
      fail(path, "cannot connect to " + url + ": " + e.getMessage());
      return false;
    }
  }

  private void devices(LineConfig line) {
    ExecutorService pool = Executors.newCachedThreadPool(DaemonThreads.named("check-device"));
    try {
      for (int i = 0; i < line.stations().size(); i++) {
        StationConfig s = line.stations().get(i);
        for (var e : s.devices().entrySet()) {
          String path = "stations[%d].devices.%s".formatted(i, e.getKey());
          StationConfig.DeviceConfig d = e.getValue();
          Future<String> answer = pool.submit(() -> probe(e.getKey(), d));
          try {
            ok(path, d.channel() + ": " + answer.get(DEVICE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
          } catch (TimeoutException t) {
            answer.cancel(true);
            fail(path, d.channel() + ": no answer within " + DEVICE_TIMEOUT_MS + " ms");
          } catch (java.util.concurrent.ExecutionException x) {
            fail(path, d.channel() + ": " + x.getCause().getMessage());
          } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Opens the device's channel; a marker is also asked for its status. */
  private static String probe(String role, StationConfig.DeviceConfig d) {
    if (role.equals("marker")) {
      try (var marker = DeviceFactory.marker(d)) {
        marker.open();
        return "marker (" + d.driver() + ") answers: " + marker.status().state();
      }
    }
    try (var scanner = DeviceFactory.scanner(d)) {
      scanner.open();
      return role + " (" + d.driver() + ") reachable";
    }
  }

  private void ok(String path, String what) {
    out.println("OK    " + path + "  " + what);
  }

  private void fail(String path, String what) {
    problems++;
    out.println("FAIL  " + path + "  " + what);
  }
}
