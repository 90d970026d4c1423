package org.unitrace.systemtests.edge;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.unitrace.core.support.TestServers;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.LineConfigLoader;

/** A line configuration written to disk as a plant engineer would, and the agent it makes. */
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
  static EdgeLine write(Path dir, String sources, String stations) throws java.io.IOException {
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
    Files.createDirectories(dir);
    Path file = dir.resolve("line-L1.yml");
    Files.writeString(file, yaml);
    return new EdgeLine(site, dir, file);
  }

  LineConfig config() {
    return new LineConfigLoader().load(file);
  }

  EdgeAgent start() {
    EdgeAgent agent = new EdgeAgent(config(), new SimpleMeterRegistry());
    agent.start();
    return agent;
  }
}
