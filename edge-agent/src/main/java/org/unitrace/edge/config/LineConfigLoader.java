package org.unitrace.edge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.Topics;
import org.unitrace.edge.config.SignalBinding.JsonValue;
import org.unitrace.edge.config.SignalBinding.OpcUaNode;
import org.unitrace.edge.config.SignalBinding.SparkplugMetric;
import org.unitrace.edge.config.StationConfig.CycleMode;
import org.unitrace.edge.config.StationConfig.CycleTrigger;
import org.unitrace.edge.config.StationConfig.DeviceConfig;
import org.unitrace.edge.config.StationConfig.ResultSignal;
import org.unitrace.edge.config.StationConfig.Signals;
import org.unitrace.edge.config.StationConfig.StateSignal;
import org.unitrace.edge.config.StationConfig.UnitSource;
import org.unitrace.edge.serial.SerialSettings;
import org.unitrace.line.opcua.OpcUaSecurity;
import org.unitrace.line.serialno.SerialTemplate;

/**
 * Reads and checks a line's YAML file. Everything wrong with it fails here, at start, with the key
 * path and the problem: an unknown key or station kind, a malformed NodeId, a duplicate station, a
 * signal naming a PLC or broker the file does not define, a missing broker URL.
 */
public final class LineConfigLoader {

  /** Every NodeId form of OPC UA Part 6, 5.3.1.10, with or without a namespace. */
  private static final Pattern NODE_ID =
      Pattern.compile(
          "(?:(?:ns=\\d{1,5}|nsu=[^;]+);)?"
              + "(?:i=\\d{1,10}|s=.+|g=\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}"
              + "-\\p{XDigit}{12}|b=[A-Za-z0-9+/]+={0,2})");

  private static final Pattern JSON_POINTER = Pattern.compile("(/[^/]*)+");
  private static final Map<String, StationState> DEFAULT_STATE_CODES =
      Map.of(
          "1", StationState.RUNNING,
          "2", StationState.IDLE,
          "3", StationState.BLOCKED,
          "4", StationState.STARVED,
          "5", StationState.FAULT);

  private final Function<String, String> env;

  public LineConfigLoader() {
    this(System::getenv);
  }

  /** With another environment, for tests. */
  public LineConfigLoader(Function<String, String> env) {
    this.env = env;
  }

  public LineConfig load(Path file) {
    try {
      return parse(file.toString(), Files.readString(file), file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "", "cannot be read: " + e.getMessage());
    }
  }

  /** {@code baseDir} resolves relative paths (outbox file, PKI folders). */
  public LineConfig parse(String source, String yaml, Path baseDir) {
    JsonNode tree;
    try {
      tree = new YAMLMapper().readTree(yaml);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new ConfigException(
          source,
          "",
          "is not valid YAML"
              + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    }
    ConfigNode root = new ConfigNode(source, "", tree, env);
    if (root.isMissing()) {
      throw root.error("is empty");
    }
    root.allowOnly(
        Set.of(
            "site", "line", "agentId", "core", "outbox", "plcs", "brokers", "stations", "serials"));
    String site = code(root.require("site"));
    String line = code(root.require("line"));
    String agentId = root.get("agentId").text("edge-" + site + "-" + line);
    CoreLink core = core(root.require("core"), agentId);
    OutboxConfig outbox = outbox(root.get("outbox"), baseDir, site, line);
    Map<String, PlcConfig> plcs = new LinkedHashMap<>();
    root.get("plcs")
        .entries()
        .forEach((name, node) -> plcs.put(name, plc(name, node, baseDir, agentId)));
    Map<String, BrokerConfig> brokers = new LinkedHashMap<>();
    root.get("brokers")
        .entries()
        .forEach((name, node) -> brokers.put(name, broker(name, node, agentId)));
    List<StationConfig> stations =
        stations(root.require("stations"), plcs, brokers, root.get("serials"));
    return new LineConfig(
        site, line, agentId, core, outbox, plcs, brokers, stations, serials(root.get("serials")));
  }

  private static Optional<SerialSettings> serials(ConfigNode node) {
    if (node.isMissing()) {
      return Optional.empty();
    }
    node.allowOnly(Set.of("template", "reserve", "blockSize", "lowWater"));
    ConfigNode template = node.require("template");
    try {
      SerialTemplate.parse(template.text());
    } catch (IllegalArgumentException e) {
      throw template.error(e.getMessage());
    }
    return Optional.of(
        new SerialSettings(
            template.text(),
            node.get("reserve").integer(2000, 0, Integer.MAX_VALUE),
            node.get("blockSize").integer(500, 1, Integer.MAX_VALUE),
            node.get("lowWater").integer(1000, 0, Integer.MAX_VALUE)));
  }

  private static String code(ConfigNode node) {
    String value = node.text();
    if (!Topics.CODE.matcher(value).matches()) {
      throw node.error(
          "'" + value + "' is not a valid code (letters, digits, '-' and '_', at most 64)");
    }
    return value;
  }

  private static CoreLink core(ConfigNode node, String agentId) {
    node.allowOnly(Set.of("mqtt", "http"));
    ConfigNode mqtt =
        node.require("mqtt")
            .allowOnly(
                Set.of("url", "username", "password", "clientId", "maxInFlight", "sessionExpiry"));
    String url = brokerUrl(mqtt.require("url"));
    ConfigNode http =
        node.get("http").allowOnly(Set.of("url", "token", "drainThreshold", "batchSize"));
    String httpUrl = null;
    String token = null;
    if (!http.isMissing()) {
      httpUrl = http.require("url").text();
      if (!httpUrl.startsWith("http://") && !httpUrl.startsWith("https://")) {
        throw http.get("url").error("must start with http:// or https://, was '" + httpUrl + "'");
      }
      token = http.require("token").text();
    }
    return new CoreLink(
        url,
        mqtt.get("username").text(null),
        mqtt.get("password").text(null),
        mqtt.get("clientId").text(agentId),
        mqtt.get("maxInFlight").integer(100, 1, 65_535),
        mqtt.get("sessionExpiry").duration(Duration.ofDays(1)),
        httpUrl,
        token,
        http.get("drainThreshold").integer(10_000, 1, Integer.MAX_VALUE),
        http.get("batchSize").integer(1_000, 1, 5_000));
  }

  private static String brokerUrl(ConfigNode node) {
    String url = node.text();
    if (!url.matches("(tcp|ssl|ws|wss)://[^\\s/]+(:\\d+)?/?")) {
      throw node.error(
          "must be a broker URL such as tcp://broker:1883 or ssl://broker:8883, was '" + url + "'");
    }
    return url;
  }

  private static OutboxConfig outbox(ConfigNode node, Path baseDir, String site, String line) {
    node.allowOnly(Set.of("file", "maxEvents", "alarmAt", "keepBoundFor"));
    Path file = baseDir.resolve(node.get("file").text("data/outbox-" + site + "-" + line + ".db"));
    return new OutboxConfig(
        file,
        node.get("maxEvents").longValue(5_000_000, 1),
        node.get("alarmAt").decimal(0.8, 0.01, 1.0),
        node.get("keepBoundFor").duration(Duration.ofDays(90)));
  }

  private static PlcConfig plc(String name, ConfigNode node, Path baseDir, String agentId) {
    node.allowOnly(
        Set.of(
            "endpoint",
            "securityPolicy",
            "securityMode",
            "username",
            "password",
            "pkiDir",
            "applicationUri",
            "samplingInterval",
            "publishingInterval",
            "queueSize",
            "maxReconnectBackoff"));
    String endpoint = node.require("endpoint").text();
    if (!endpoint.startsWith("opc.tcp://")) {
      throw node.get("endpoint").error("must start with opc.tcp://, was '" + endpoint + "'");
    }
    OpcUaSecurity.Policy policy =
        node.get("securityPolicy").isMissing()
            ? OpcUaSecurity.Policy.BASIC256_SHA256
            : policy(node.get("securityPolicy"));
    OpcUaSecurity.Mode mode =
        node.get("securityMode").isMissing() ? null : mode(node.get("securityMode"));
    Path pki = baseDir.resolve(node.get("pkiDir").text("pki"));
    String appUri = node.get("applicationUri").text("urn:unitrace:edge-agent:" + agentId);
    OpcUaSecurity security;
    try {
      security =
          OpcUaSecurity.of(node.path(), pki, appUri)
              .withSecurity(policy, mode == null ? defaultMode(policy) : mode);
      if (!node.get("username").isMissing()) {
        security = security.withUser(node.get("username").text(), node.require("password").text());
      }
    } catch (IllegalArgumentException e) {
      throw node.fail(e.getMessage());
    }
    Duration sampling = node.get("samplingInterval").duration(Duration.ofMillis(50));
    Duration publishing = node.get("publishingInterval").duration(Duration.ofMillis(100));
    return new PlcConfig(
        name,
        endpoint,
        security,
        sampling,
        publishing,
        node.get("queueSize").integer(100, 1, 10_000),
        node.get("maxReconnectBackoff").duration(Duration.ofSeconds(30)));
  }

  private static OpcUaSecurity.Mode defaultMode(OpcUaSecurity.Policy policy) {
    return policy == OpcUaSecurity.Policy.NONE
        ? OpcUaSecurity.Mode.NONE
        : OpcUaSecurity.Mode.SIGN_AND_ENCRYPT;
  }

  private static OpcUaSecurity.Policy policy(ConfigNode node) {
    String text = node.text();
    for (OpcUaSecurity.Policy p : OpcUaSecurity.Policy.values()) {
      if (p.uaName().equalsIgnoreCase(text) || p.name().equalsIgnoreCase(text)) {
        return p;
      }
    }
    throw node.error("unknown security policy '" + text + "' (expected None or Basic256Sha256)");
  }

  private static OpcUaSecurity.Mode mode(ConfigNode node) {
    String text = node.text();
    for (OpcUaSecurity.Mode m : OpcUaSecurity.Mode.values()) {
      if (m.uaName().equalsIgnoreCase(text) || m.name().equalsIgnoreCase(text)) {
        return m;
      }
    }
    throw node.error(
        "unknown security mode '" + text + "' (expected None, Sign or SignAndEncrypt)");
  }

  private static BrokerConfig broker(String name, ConfigNode node, String agentId) {
    node.allowOnly(Set.of("url", "username", "password", "clientId"));
    return new BrokerConfig(
        name,
        brokerUrl(node.require("url")),
        node.get("username").text(null),
        node.get("password").text(null),
        node.get("clientId").text(agentId + "-" + name));
  }

  private static List<StationConfig> stations(
      ConfigNode node,
      Map<String, PlcConfig> plcs,
      Map<String, BrokerConfig> brokers,
      ConfigNode serials) {
    List<StationConfig> stations = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<ConfigNode> items = node.list();
    if (items.isEmpty()) {
      throw node.error("must list at least one station");
    }
    Bindings bindings = new Bindings(plcs, brokers);
    for (ConfigNode item : items) {
      item.allowOnly(
          Set.of("id", "kind", "unit", "signals", "devices", "marking", "binding", "completes"));
      String id = code(item.require("id"));
      if (!ids.add(id)) {
        throw item.get("id").error("duplicate station id '" + id + "'");
      }
      StationConfig.Kind kind =
          item.require("kind").oneOf(StationConfig.Kind.class, "station kind");
      Signals signals = signals(item.get("signals"), bindings);
      UnitSource unit =
          kind == StationConfig.Kind.MARKING
              ? marked(item, signals)
              : unit(item.get("unit"), ids, id, signals);
      if (signals.result() != null && signals.cycle() == null) {
        throw item.get("signals")
            .error("result needs a cycleComplete signal to know when to read it");
      }
      Map<String, DeviceConfig> devices = devices(item.get("devices"));
      StationConfig.Marking marking = null;
      if (kind == StationConfig.Kind.MARKING) {
        if (serials.isMissing()) {
          throw item.error("is a marking station, but the file has no serials: block");
        }
        if (!devices.containsKey("marker")) {
          throw item.get("devices").error("a marking station needs a marker device");
        }
        marking = marking(item.require("marking"), bindings, devices);
      } else if (!item.get("marking").isMissing()) {
        throw item.get("marking").error("only a station of kind marking marks");
      }
      StationConfig.Binding binding = binding(item.get("binding"));
      boolean completes = item.get("completes").bool(false);
      stations.add(
          new StationConfig(id, kind, unit, signals, devices, marking, binding, completes));
    }
    return stations;
  }

  /** The unit of a marking station is the one it gives a serial: it learns it from no one. */
  private static UnitSource marked(ConfigNode item, Signals s) {
    if (!item.get("unit").isMissing()) {
      throw item.get("unit").error("a marking station's unit is the one it marks: leave unit out");
    }
    if (s.partPresent() == null) {
      throw item.get("signals").error("a marking station needs a partPresent signal");
    }
    if (s.cycle() != null || s.result() != null) {
      throw item.get("signals")
          .error("a marking station's cycle is its marking: leave cycleComplete and result out");
    }
    return new UnitSource(UnitSource.Mode.MARKED, null, 1, false);
  }

  private static Map<String, DeviceConfig> devices(ConfigNode node) {
    Map<String, DeviceConfig> devices = new LinkedHashMap<>();
    node.entries()
        .forEach(
            (name, dev) -> {
              if (!StationConfig.DEVICE_ROLES.contains(name)) {
                throw dev.error(
                    "unknown device '"
                        + name
                        + "' (expected one of "
                        + new java.util.TreeSet<>(StationConfig.DEVICE_ROLES)
                        + ")");
              }
              dev.allowOnly(Set.of("driver", "channel", "mode"));
              String channel = dev.require("channel").text();
              try {
                org.unitrace.line.device.ChannelSettings.parse(channel);
              } catch (IllegalArgumentException e) {
                throw dev.get("channel").error(e.getMessage());
              }
              org.unitrace.line.device.scanner.ScanMode mode =
                  dev.get("mode").isMissing()
                      ? ("scanner".equals(name)
                          ? org.unitrace.line.device.scanner.ScanMode.CONTINUOUS
                          : org.unitrace.line.device.scanner.ScanMode.TRIGGER)
                      : dev.get("mode")
                          .oneOf(org.unitrace.line.device.scanner.ScanMode.class, "scan mode");
              if ("scanner".equals(name)
                  && mode == org.unitrace.line.device.scanner.ScanMode.TRIGGER) {
                throw dev.get("mode")
                    .error(
                        "a station's scanner reads on its own (continuous); trigger mode is for the"
                            + " marking station's verifier");
              }
              String driver =
                  dev.get("driver").text("marker".equals(name) ? "unitrace-ascii" : "generic");
              devices.put(name, new DeviceConfig(name, driver, channel, mode));
            });
    return devices;
  }

  private static StationConfig.Marking marking(
      ConfigNode node, Bindings b, Map<String, DeviceConfig> devices) {
    node.allowOnly(
        Set.of(
            "runId",
            "partNumber",
            "revision",
            "shift",
            "job",
            "variables",
            "markTimeout",
            "busyRetries",
            "busyWait",
            "markAttempts",
            "verify"));
    Map<String, String> variables = new LinkedHashMap<>();
    node.get("variables").entries().forEach((k, v) -> variables.put(k, v.text()));
    if (variables.isEmpty()) {
      variables.put("SERIAL", "{serial}");
    }
    StationConfig.Verify verify = null;
    ConfigNode v = node.get("verify");
    if (v.isValue() && "none".equals(v.text())) {
      verify = null;
    } else {
      if (!devices.containsKey("verifier")) {
        throw (v.isMissing() ? node : v)
            .error(
                "marks are verified with the station's verifier device: add one, or say verify: none");
      }
      v.allowOnly(Set.of("expect", "minGrade", "readAttempts", "readTimeout"));
      String minGrade = v.get("minGrade").text(null);
      if (minGrade != null && !minGrade.matches("[A-F]|[0-4]\\.[0-9]")) {
        throw v.get("minGrade").error("must be a grade A-F or 4.0-0.0, was '" + minGrade + "'");
      }
      verify =
          new StationConfig.Verify(
              v.get("expect").text("{serial}"),
              minGrade,
              v.get("readAttempts").integer(2, 1, 10),
              v.get("readTimeout").duration(Duration.ofSeconds(2)));
    }
    return new StationConfig.Marking(
        valueSource(node.require("runId"), b),
        valueSource(node.require("partNumber"), b),
        valueSource(node.require("revision"), b),
        node.get("shift").isMissing() ? null : valueSource(node.get("shift"), b),
        node.require("job").text(),
        variables,
        node.get("markTimeout").duration(Duration.ofSeconds(15)),
        node.get("busyRetries").integer(3, 0, 100),
        node.get("busyWait").duration(Duration.ofMillis(500)),
        node.get("markAttempts").integer(1, 1, 5),
        verify);
  }

  private static StationConfig.ValueSource valueSource(ConfigNode node, Bindings b) {
    return node.isValue()
        ? StationConfig.ValueSource.of(node.text())
        : new StationConfig.ValueSource(null, b.binding(node, Set.of()));
  }

  private static StationConfig.Binding binding(ConfigNode node) {
    node.allowOnly(Set.of("gtins", "patterns", "bomCheck"));
    Map<String, String> gtins = new LinkedHashMap<>();
    node.get("gtins").entries().forEach((gtin, pn) -> gtins.put(gtin, pn.text()));
    List<org.unitrace.line.label.LabelPattern> patterns = new ArrayList<>();
    for (ConfigNode p : node.get("patterns").list()) {
      p.allowOnly(Set.of("partNumber", "regex"));
      try {
        patterns.add(
            org.unitrace.line.label.LabelPattern.of(
                p.get("partNumber").text(null), p.require("regex").text()));
      } catch (IllegalArgumentException e) {
        throw p.error(e.getMessage());
      }
    }
    return new StationConfig.Binding(gtins, patterns, node.get("bomCheck").bool(true));
  }

  private static UnitSource unit(ConfigNode node, Set<String> earlier, String self, Signals s) {
    node.allowOnly(Set.of("source", "from", "capacity", "passNok"));
    UnitSource.Mode mode =
        node.get("source").isMissing()
            ? (s.unitId() != null ? UnitSource.Mode.SIGNAL : UnitSource.Mode.SCAN)
            : node.get("source").oneOf(UnitSource.Mode.class, "unit source");
    String from = null;
    if (mode == UnitSource.Mode.FIFO) {
      from = node.require("from").text();
      if (from.equals(self) || !earlier.contains(from)) {
        throw node.get("from")
            .error("must name a station listed before '" + self + "', was '" + from + "'");
      }
    }
    if (mode == UnitSource.Mode.SIGNAL && s.unitId() == null) {
      throw node.get("source").error("is signal, but the station has no unitId signal");
    }
    return new UnitSource(
        mode, from, node.get("capacity").integer(64, 1, 10_000), node.get("passNok").bool(false));
  }

  private static Signals signals(ConfigNode node, Bindings b) {
    node.allowOnly(
        Set.of(
            "partPresent",
            "cycleComplete",
            "result",
            "failureCode",
            "unitId",
            "processValues",
            "state",
            "faultCode",
            "agentResult"));
    CycleTrigger cycle = null;
    ConfigNode c = node.get("cycleComplete");
    if (!c.isMissing()) {
      CycleMode mode =
          c.get("mode").isMissing()
              ? CycleMode.COUNTER
              : c.get("mode").oneOf(CycleMode.class, "mode");
      SignalBinding acknowledge = b.optional(c.get("acknowledge"));
      if (mode == CycleMode.HANDSHAKE && acknowledge == null) {
        throw c.error(
            "mode: handshake needs acknowledge (the node the agent writes the recorded count to)");
      }
      if (mode != CycleMode.HANDSHAKE && acknowledge != null) {
        throw c.get("acknowledge").error("acknowledge is only for mode: handshake");
      }
      cycle = new CycleTrigger(b.binding(c, Set.of("mode", "acknowledge")), mode, acknowledge);
    }
    ResultSignal result = null;
    ConfigNode r = node.get("result");
    if (!r.isMissing()) {
      List<String> ok = r.get("ok").isMissing() ? List.of("1", "true", "OK") : r.get("ok").texts();
      List<String> nok =
          r.get("nok").isMissing() ? List.of("2", "false", "NOK") : r.get("nok").texts();
      for (String v : ok) {
        if (nok.contains(v)) {
          throw r.get("nok").error("'" + v + "' cannot mean both OK and NOK");
        }
      }
      result = new ResultSignal(b.binding(r, Set.of("ok", "nok")), ok, nok);
    }
    Map<String, SignalBinding> values = new LinkedHashMap<>();
    node.get("processValues")
        .entries()
        .forEach((name, v) -> values.put(name, b.binding(v, Set.of())));
    StateSignal state = null;
    ConfigNode st = node.get("state");
    if (!st.isMissing()) {
      Map<String, StationState> codes = new LinkedHashMap<>();
      if (st.get("codes").isMissing()) {
        codes.putAll(DEFAULT_STATE_CODES);
      }
      st.get("codes")
          .entries()
          .forEach((raw, v) -> codes.put(raw, v.oneOf(StationState.class, "station state")));
      state = new StateSignal(b.binding(st, Set.of("codes")), codes);
    }
    return new Signals(
        b.optional(node.get("partPresent")),
        cycle,
        result,
        b.optional(node.get("failureCode")),
        b.optional(node.get("unitId")),
        values,
        state,
        b.optional(node.get("faultCode")),
        b.optional(node.get("agentResult")));
  }

  /** Turns a signal block into a binding, checking it names a defined PLC or broker. */
  private record Bindings(Map<String, PlcConfig> plcs, Map<String, BrokerConfig> brokers) {

    SignalBinding optional(ConfigNode node) {
      return node.isMissing() ? null : binding(node, Set.of());
    }

    SignalBinding binding(ConfigNode node, Set<String> extra) {
      Set<String> keys =
          new HashSet<>(Set.of("plc", "node", "broker", "topic", "pointer", "sparkplug", "metric"));
      keys.addAll(extra);
      node.allowOnly(keys);
      if (!node.get("plc").isMissing()) {
        String plc = node.get("plc").text();
        if (!plcs.containsKey(plc)) {
          throw node.get("plc").error("names no PLC under plcs: '" + plc + "'");
        }
        ConfigNode n = node.require("node");
        String nodeId = n.text();
        if (!NODE_ID.matcher(nodeId).matches()) {
          throw n.error(
              "malformed NodeId '"
                  + nodeId
                  + "' (expected e.g. ns=2;s=Line1.St3.CycleDone, ns=3;i=1007 or nsu=urn:plc;s=Tag)");
        }
        return new OpcUaNode(plc, nodeId);
      }
      if (!node.get("broker").isMissing()) {
        String broker = node.get("broker").text();
        if (!brokers.containsKey(broker)) {
          throw node.get("broker").error("names no broker under brokers: '" + broker + "'");
        }
        if (!node.get("sparkplug").isMissing()) {
          ConfigNode sp = node.get("sparkplug").allowOnly(Set.of("group", "node", "device"));
          return new SparkplugMetric(
              broker,
              sp.require("group").text(),
              sp.require("node").text(),
              sp.get("device").text(null),
              node.require("metric").text());
        }
        String topic = node.require("topic").text();
        if (topic.contains("#") || topic.contains("+")) {
          throw node.get("topic").error("must be one topic, without wildcards: '" + topic + "'");
        }
        ConfigNode p = node.get("pointer");
        String pointer = p.text("");
        if (!pointer.isEmpty() && !JSON_POINTER.matcher(pointer).matches()) {
          throw p.error("must be a JSON pointer such as /values/torque, was '" + pointer + "'");
        }
        return new JsonValue(broker, topic, pointer);
      }
      throw node.error("needs plc and node (OPC UA), or broker with topic or sparkplug (MQTT)");
    }
  }
}
