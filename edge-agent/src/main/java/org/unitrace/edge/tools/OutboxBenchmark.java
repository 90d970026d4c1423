package org.unitrace.edge.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.edge.outbox.ForwarderSettings;
import org.unitrace.edge.outbox.MqttForwarder;
import org.unitrace.edge.outbox.Outbox;
import org.unitrace.edge.outbox.OutboxSettings;

/**
 * How fast this machine's disk and broker take an agent's events: the outbox's sustained write rate
 * (one caller waiting for each commit, and group commit as the agent writes) and its drain rate to
 * a broker at QoS 1 with a subscriber in place. Run it on a line PC before trusting it with a line:
 *
 * <pre>java -cp edge-agent-exec.jar -Dloader.main=org.unitrace.edge.tools.OutboxBenchmark
 *   org.springframework.boot.loader.launch.PropertiesLauncher [events] [brokerUrl] [dir]</pre>
 */
public final class OutboxBenchmark {

  private OutboxBenchmark() {}

  public static void main(String[] args) throws Exception {
    // before any logger exists: our config, not the TRACE one tahu-core ships
    System.setProperty("logback.configurationFile", "unitrace-edge-logback.xml");
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String broker = args.length > 1 ? args[1] : "tcp://127.0.0.1:1883";
    Path dir =
        Files.createTempDirectory(
            args.length > 2 ? Path.of(args[2]) : Path.of("."), "outbox-bench");
    String site = "BENCH" + (System.nanoTime() % 100_000);
    Path file = dir.resolve("outbox.db");
    try (Outbox outbox = Outbox.create(OutboxSettings.of(file, "edge-" + site))) {
      // as a station logic that waits for each commit before the next cycle: one sync per event
      int waited = Math.max(1, events / 10);
      long t0 = System.nanoTime();
      for (int i = 0; i < waited; i++) {
        outbox.appendAll(site, "L1", List.of(draft(site, i)), memory(i));
      }
      double waitedSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "outbox write, waiting for each commit: %d events in %.2f s = %.0f events/s%n",
          waited, waitedSeconds, waited / waitedSeconds);
      // as the agent writes: the logic goes on while the disk syncs, what arrives together is
      // committed together, and each step is acted on when its future completes
      long t1 = System.nanoTime();
      CompletableFuture<?> last = null;
      for (int i = waited; i < events; i++) {
        last = outbox.appendAsync(site, "L1", List.of(draft(site, i)), memory(i));
      }
      if (last != null) {
        last.get();
      }
      double writeSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          "outbox write, group commit: %d events in %.2f s = %.0f events/s, file %d MB%n",
          events - waited,
          writeSeconds,
          (events - waited) / writeSeconds,
          Files.size(file) / (1 << 20));

      AtomicLong received = new AtomicLong();
      MqttClient subscriber = new MqttClient(broker, "bench-sub-" + site, new MemoryPersistence());
      subscriber.setCallback(new CountingCallback(received));
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setReceiveMaximum(65_535);
      subscriber.connect(options);
      subscriber.subscribe(
          new MqttSubscription[] {new MqttSubscription("unitrace/v1/" + site + "/#", 1)});
      long t2 = System.nanoTime();
      try (MqttForwarder forwarder =
          new MqttForwarder(
              outbox, ForwarderSettings.of(broker, "bench-pub-" + site).withMaxInFlight(1_000))) {
        forwarder.start();
        while (outbox.pendingCount() > 0) {
          Thread.sleep(20);
        }
      }
      double drainSeconds = (System.nanoTime() - t2) / 1e9;
      System.out.printf(
          "outbox drain: %d events in %.2f s = %.0f events/s to %s (QoS 1, acknowledged), %d received%n",
          events, drainSeconds, events / drainSeconds, broker, received.get());
      subscriber.disconnect();
      subscriber.close();
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf(
          "heap used after the run: %d MB; %s%n",
          (rt.totalMemory() - rt.freeMemory()) >> 20,
          Files.readAllLines(Path.of("/proc/self/status")).stream()
              .filter(l -> l.startsWith("VmHWM"))
              .findFirst()
              .orElse("")
              .replaceAll("\\s+", " "));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static Outbox.Draft draft(String site, int i) {
    var payload =
        new StationResult(
            site + "-U" + i, Result.OK, null, 1_200L, Map.of("Torque", 12.5, "Angle", 87.0));
    return new Outbox.Draft("ST10", payload, Instant.now());
  }

  private static Map<String, String> memory(int i) {
    return Map.of("station.ST10", "{\"counter\":" + i + "}");
  }

  private record CountingCallback(AtomicLong received)
      implements org.eclipse.paho.mqttv5.client.MqttCallback {
    @Override
    public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
      received.incrementAndGet();
    }

    @Override
    public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

    @Override
    public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(
        int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
  }
}
