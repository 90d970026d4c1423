package org.unitrace.sim.load;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.Topics;
import org.unitrace.line.mqtt.ArrivalCallback;

/**
 * Measures sustained ingestion: one or more agents publish a realistic event mix (a unit
 * serialized, four components and a lot bound, a station result, a status change) over MQTT 5 at
 * QoS 1 as fast as the broker acknowledges, and the time runs until the core has committed every
 * event in PostgreSQL.
 *
 * <p>Arguments: {@code brokerUrl jdbcUrl events agents}. The JDBC URL is the database mes-core
 * writes to; it is only read, to count the ledger.
 *
 * <p>With {@code ceiling brokerUrl events agents} it measures what the broker alone delivers
 * instead: the same publishers and event mix, and one plain Paho v5 subscriber on a shared
 * subscription (QoS 1, the core's receive maximum) that only counts; the clock stops when it has
 * received every event. No core may be subscribed meanwhile. The same, split in two processes:
 * {@code receive brokerUrl events} (the subscriber; prints "subscribed" once it is) and {@code
 * publish brokerUrl events agents}.
 */
public final class IngestLoad {

  private static final int IN_FLIGHT = 1000;

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("ceiling")) {
      ceiling(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    if (args.length == 3 && args[0].equals("receive")) {
      receive(args[1], Integer.parseInt(args[2]));
      return;
    }
    if (args.length == 4 && args[0].equals("publish")) {
      Duration took = publishAll(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      System.out.printf("published+acked in %.2f s%n", took.toMillis() / 1000.0);
      return;
    }
    if (args.length != 4) {
      System.err.println(
          "usage: IngestLoad <brokerUrl> <jdbcUrl> <events> <agents>\n"
              + "       IngestLoad ceiling <brokerUrl> <events> <agents>");
      System.exit(2);
    }
    String broker = args[0];
    String jdbc = args[1];
    int total = Integer.parseInt(args[2]);
    int agents = Integer.parseInt(args[3]);
    long before = ledgerCount(jdbc);
    long storedBefore = storedCount(jdbc);

    Instant start = Instant.now();
    Duration published = publishAll(broker, total, agents);
    // polls what the agents' watermarks say was stored (committed with the events themselves): a
    // count(*) of the ledger every 100 ms took a growing share of the cores from the core measured
    while (storedCount(jdbc) - storedBefore < total) {
      Thread.sleep(100);
    }
    Duration committed = Duration.between(start, Instant.now());
    long stored = ledgerCount(jdbc) - before;
    if (stored != total) {
      throw new IllegalStateException(
          "the ledger holds %d new events, %d were published".formatted(stored, total));
    }
    System.out.printf(
        "events=%d agents=%d published+acked in %.2f s (%.0f/s), all committed in %.2f s:"
            + " %.0f events/s sustained%n",
        total,
        agents,
        published.toMillis() / 1000.0,
        total * 1000.0 / published.toMillis(),
        committed.toMillis() / 1000.0,
        total * 1000.0 / committed.toMillis());
  }

  /**
   * Publishes {@code total} events from {@code agents} agents; answers how long until all PUBACKed.
   */
  private static Duration publishAll(String broker, int total, int agents)
      throws InterruptedException {
    Instant start = Instant.now();
    List<Thread> publishers = new ArrayList<>();
    AtomicLong acked = new AtomicLong();
    for (int a = 0; a < agents; a++) {
      int count = total / agents + (a < total % agents ? 1 : 0);
      String line = "B" + a;
      Thread t = new Thread(() -> publish(broker, line, count, acked), "publisher-" + line);
      t.start();
      publishers.add(t);
    }
    for (Thread t : publishers) {
      t.join();
    }
    return Duration.between(start, Instant.now());
  }

  private static void ceiling(String broker, int total, int agents) throws Exception {
    CountDownLatch all = new CountDownLatch(total);
    MqttAsyncClient subscriber = countingSubscriber(broker, all, new AtomicLong());
    Instant start = Instant.now();
    Duration published = publishAll(broker, total, agents);
    all.await();
    Duration received = Duration.between(start, Instant.now());
    subscriber.disconnect().waitForCompletion();
    subscriber.close();
    System.out.printf(
        "broker ceiling: events=%d agents=%d published+acked in %.2f s, all received in %.2f s:"
            + " %.0f events/s%n",
        total,
        agents,
        published.toMillis() / 1000.0,
        received.toMillis() / 1000.0,
        total * 1000.0 / received.toMillis());
  }

  /**
   * The subscriber of {@link #ceiling} alone, in a process of its own (which can then be given a
   * CPU of its own, as the core would be): prints "subscribed", then times from the first message
   * received to the last.
   */
  private static void receive(String broker, int total) throws Exception {
    CountDownLatch all = new CountDownLatch(total);
    AtomicLong first = new AtomicLong();
    MqttAsyncClient subscriber = countingSubscriber(broker, all, first);
    System.out.println("subscribed");
    System.out.flush();
    all.await();
    long nanos = System.nanoTime() - first.get();
    subscriber.disconnect().waitForCompletion();
    subscriber.close();
    System.out.printf(
        "broker ceiling: events=%d received in %.2f s from the first: %.0f events/s%n",
        total, nanos / 1e9, total * 1e9 / nanos);
  }

  /** A plain subscriber on a shared subscription of its own that counts down; notes the first. */
  private static MqttAsyncClient countingSubscriber(
      String broker, CountDownLatch all, AtomicLong firstNanos) throws MqttException {
    String id = "ceiling-" + UUID.randomUUID().toString().substring(0, 8);
    MqttAsyncClient subscriber = new MqttAsyncClient(broker, id, new MemoryPersistence());
    subscriber.setCallback(
        new ArrivalCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) {
            firstNanos.compareAndSet(0, System.nanoTime());
            all.countDown();
          }

          @Override
          public void disconnected(MqttDisconnectResponse r) {
            System.err.println("ceiling subscriber disconnected: " + r);
          }
        });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setReceiveMaximum(IN_FLIGHT);
    subscriber.connect(options).waitForCompletion();
    subscriber.subscribe(new MqttSubscription(Topics.coreSubscription(id), 1)).waitForCompletion();
    return subscriber;
  }

  private static void publish(String broker, String line, int count, AtomicLong acked) {
    EventCodec codec = new EventCodec();
    Semaphore window = new Semaphore(IN_FLIGHT);
    String agent = "bench-" + line + "-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      MqttAsyncClient client = new MqttAsyncClient(broker, agent, new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      client.connect(options).waitForCompletion();
      MqttActionListener release =
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              acked.incrementAndGet();
              window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              System.err.println("publish failed: " + e);
              window.release();
            }
          };
      Mix mix = new Mix("AKL", line, agent);
      for (int i = 0; i < count; i++) {
        Event e = mix.next();
        window.acquire();
        MqttMessage m = new MqttMessage(codec.encode(e));
        m.setQos(1);
        client.publish(Topics.topicOf(e), m, null, release);
      }
      window.acquire(IN_FLIGHT);
      client.disconnect().waitForCompletion();
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException("publisher " + agent + " failed", e);
    }
  }

  private static long ledgerCount(String jdbc) throws Exception {
    return count(jdbc, "SELECT count(*) FROM event");
  }

  /** Events stored as new, by the core's count per agent (one row per agent: cheap to poll). */
  private static long storedCount(String jdbc) throws Exception {
    return count(jdbc, "SELECT coalesce(sum(events_stored), 0) FROM agent");
  }

  private static long count(String jdbc, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The events of one line, unit after unit, in the proportions a real line sends them. */
  static final class Mix {
    private final String site;
    private final String line;
    private final String agent;
    private long seq;
    private long unit;
    private int step;

    Mix(String site, String line, String agent) {
      this.site = site;
      this.line = line;
      this.agent = agent;
    }

    Event next() {
      String serial = agent + "-" + unit;
      EventPayload payload =
          switch (step) {
            case 0 -> new EventPayload.UnitSerialized(serial, "CTRL-900", "A", "RUN-" + agent);
            case 1, 2, 3, 4 ->
                new EventPayload.ComponentBound(
                    serial, "PART-" + step, serial + "-C" + step, null, null, BigDecimal.ONE, null);
            case 5 ->
                new EventPayload.ComponentBound(
                    serial, "SCREW-M4", null, "LOT-7", "Fasteners Ltd", new BigDecimal("4"), null);
            case 6 ->
                new EventPayload.StationResult(
                    serial,
                    EventPayload.Result.OK,
                    null,
                    4100L,
                    java.util.Map.of("torqueNm", 12.4));
            default ->
                new EventPayload.UnitStatusChanged(serial, EventPayload.UnitStatus.COMPLETED, null);
          };
      String station = step == 0 ? "MARK" : step <= 5 ? "ASSY" : step == 6 ? "TEST" : "PACK";
      step = (step + 1) % 8;
      if (step == 0) {
        unit++;
      }
      return new Event(
          UUID.randomUUID(), 1, Instant.now(), site, line, station, agent, seq++, payload);
    }
  }
}
