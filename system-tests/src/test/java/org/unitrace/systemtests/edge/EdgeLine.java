package org.unitrace.systemtests.edge;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.unitrace.core.support.TestServers;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.LineConfigLoader;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.StationSpec;

/**
 * A line configuration written to disk as a plant engineer would, and the agent it makes; with the
 * pieces of YAML and the waits the edge system tests share.
 */
final class EdgeLine {

  final String site;
  final String agentId;
  final Path dir;
  final Path file;

  private EdgeLine(String site, Path dir, Path file) {
    this.site = site;
    this.agentId = "edge-" + site + "-L1";
    this.dir = dir;
    this.file = file;
  }

  /**
   * {@code stations} is the YAML list under {@code stations:}, {@code sources} the plcs/brokers.
   */
  static EdgeLine write(Path dir, String sources, String stations) throws IOException {
    String site =
        "E" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36).toUpperCase();
    String yaml =
        """
        site: %s
        line: L1
        core:
          mqtt:
            url: %s
            clientId: %s
        outbox:
          file: outbox.db
        %s
        stations:
        %s
        """
            .formatted(site, TestServers.mqttUrl(), TestServers.unique("edge-"), sources, stations);
    return written(site, dir, yaml);
  }

  /** The same, with {@code stations} wired to a PLC simulator. */
  static EdgeLine write(Path dir, String sources, PlcStation... stations) throws IOException {
    StringBuilder yaml = new StringBuilder();
    for (PlcStation station : stations) {
      yaml.append(station.yaml());
    }
    return write(dir, sources, yaml.toString());
  }

  /** A line whose whole configuration, {@code yaml} for {@code site}, a test wrote itself. */
  static EdgeLine written(String site, Path dir, String yaml) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("line-L1.yml");
    Files.writeString(file, yaml);
    return new EdgeLine(site, dir, file);
  }

  /** The sources: the test broker as the line's own broker, {@code lineBroker}. */
  static String lineBroker() {
    return """
        brokers:
          lineBroker:
            url: %s
        """
        .formatted(TestServers.mqttUrl());
  }

  /**
   * A packing station ST40 that publishes each cycle as JSON on {@code <prefix>/cycle} of the
   * line's broker: {@code counter}, {@code result} (OK or NOK), {@code unit} and {@code
   * values.Weight}; {@code more} adds signals ({@code %1$s} in it stands for the prefix).
   */
  static String jsonPackStation(String prefix, String more) {
    return """
          - id: ST40
            kind: pack
            unit: { source: signal }
            signals:
              cycleComplete: { broker: lineBroker, topic: %1$s/cycle, pointer: /counter }
              result: { broker: lineBroker, topic: %1$s/cycle, pointer: /result, ok: [OK], nok: [NOK] }
              unitId: { broker: lineBroker, topic: %1$s/cycle, pointer: /unit }
              processValues:
                Weight: { broker: lineBroker, topic: %1$s/cycle, pointer: /values/Weight }
        """
            .formatted(prefix)
        + more.formatted(prefix);
  }

  /**
   * The sources: {@code plc} as {@code plc1}, without security, sampled and published at the given
   * intervals (e.g. {@code 20ms}; null for the agent's defaults).
   */
  static String plc1(PlcSimulator plc, String samplingInterval, String publishingInterval) {
    StringBuilder yaml =
        new StringBuilder(
            """
            plcs:
              plc1:
                endpoint: %s
                securityPolicy: None
            """
                .formatted(plc.endpointUrl()));
    if (samplingInterval != null) {
      yaml.append("    samplingInterval: ").append(samplingInterval).append('\n');
    }
    if (publishingInterval != null) {
      yaml.append("    publishingInterval: ").append(publishingInterval).append('\n');
    }
    return yaml.toString();
  }

  /** A PLC simulator for line L1 with {@code stations}, its PKI in {@code pkiDir}. */
  static PlcSimulator startPlc(Path pkiDir, StationSpec... stations) throws Exception {
    return PlcSimulator.start("L1", pkiDir, stations);
  }

  /** The agent sends to the core through {@code url} instead of the test broker. */
  EdgeLine coreBroker(String url) throws IOException {
    return edit(TestServers.mqttUrl() + "\n    clientId", url + "\n    clientId");
  }

  /** The agent drains a backlog of more than {@code drainThreshold} events over HTTP. */
  EdgeLine coreHttp(int port, String token, int drainThreshold, int batchSize) throws IOException {
    return edit(
        "core:\n",
        "core:\n  http:\n    url: http://127.0.0.1:%d\n    token: %s\n    drainThreshold: %d\n    batchSize: %d\n"
            .formatted(port, token, drainThreshold, batchSize));
  }

  private EdgeLine edit(String what, String replacement) throws IOException {
    String yaml = Files.readString(file);
    if (!yaml.contains(what)) {
      throw new IllegalStateException(file + " has no '" + what + "' to replace");
    }
    Files.writeString(file, yaml.replace(what, replacement));
    return this;
  }

  LineConfig config() {
    return new LineConfigLoader().load(file);
  }

  EdgeAgent start() {
    EdgeAgent agent = new EdgeAgent(config(), new SimpleMeterRegistry());
    agent.start();
    return agent;
  }

  /**
   * Starts the agent and waits until it is connected to {@code source} and watches each of {@code
   * stations}.
   */
  EdgeAgent startWatching(String source, String... stations) {
    EdgeAgent agent = start();
    try {
      awaitConnected(agent, source, Duration.ofSeconds(20));
      for (String station : stations) {
        awaitWatching(agent, station);
      }
      return agent;
    } catch (RuntimeException | Error e) {
      agent.close();
      throw e;
    }
  }

  /** Waits until the agent is connected to its source {@code source} (a PLC or a broker). */
  static void awaitConnected(EdgeAgent agent, String source, Duration within) {
    await().atMost(within).until(() -> agent.sources().get(source).isConnected());
  }

  /**
   * Waits until the agent has read {@code station}'s cycle counter: the station is watched (a first
   * OPC UA session can take half a minute on a loaded machine).
   */
  static void awaitWatching(EdgeAgent agent, String station) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> agent.inspect(l -> l.counter(station)) != null);
  }

  /** Waits until the agent's cycle counter of {@code station} reads {@code count}. */
  static void awaitCounter(EdgeAgent agent, String station, long count) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Long.valueOf(count).equals(agent.inspect(l -> l.counter(station))));
  }
}
