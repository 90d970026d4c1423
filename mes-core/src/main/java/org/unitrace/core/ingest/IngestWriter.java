package org.unitrace.core.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.mqtt.Backoff;
import org.unitrace.line.mqtt.MqttSession;

/**
 * One writer of a session: a thread with its own database transactions that stores what its queue
 * holds and then acknowledges it. Batches adapt to the load: the writer takes everything queued (up
 * to {@code unitrace.mqtt.batch-size}) and commits at once, so a lone event waits for nothing, and
 * while a commit runs the next batch gathers by itself.
 */
final class IngestWriter {

  private static final Logger log = LoggerFactory.getLogger(IngestWriter.class);

  /** A message checked on arrival, waiting for its writer. */
  record Received(EventIngestor.Checked event, MqttSession.Message message) {}

  private final BlockingQueue<Received> queue;
  private final int batchSize;
  private final EventIngestor ingestor;
  private final MqttSession session;
  private final BooleanSupplier running;
  private final Runnable activity;
  private final Thread thread;
  private volatile boolean inHand;

  /**
   * @param running false once the session stops: the writer ends after the batch in hand
   * @param activity told when a batch is done (the session's drain waits for quiet)
   */
  IngestWriter(
      String name,
      int capacity,
      int batchSize,
      EventIngestor ingestor,
      MqttSession session,
      BooleanSupplier running,
      Runnable activity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSize = batchSize;
    this.ingestor = ingestor;
    this.session = session;
    this.running = running;
    this.activity = activity;
    this.thread = DaemonThreads.start(name, this::writeLoop);
  }

  /**
   * Queues a message; waits while the writer is behind (back pressure up to the broker), but gives
   * up once the session stops: the message is then not acknowledged and comes again.
   */
  void put(Received received) throws InterruptedException {
    while (!queue.offer(received, 100, TimeUnit.MILLISECONDS)) {
      if (!running.getAsBoolean()) {
        throw new IllegalStateException("session stopping: message left to the broker");
      }
    }
  }

  /** Nothing queued and no batch in hand. */
  boolean idle() {
    return queue.isEmpty() && !inHand;
  }

  private void writeLoop() {
    List<Received> batch = new ArrayList<>(batchSize);
    while (running.getAsBoolean()) {
      try {
        Received first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        inHand = true;
        try {
          batch.add(first);
          queue.drainTo(batch, batchSize - 1);
          long started = System.nanoTime();
          storeWithRetry(batch);
          batch.forEach(r -> session.ack(r.message()));
          if (log.isDebugEnabled()) {
            log.debug(
                "{} events stored in {} µs, {} queued behind",
                batch.size(),
                (System.nanoTime() - started) / 1000,
                queue.size());
          }
          batch.clear();
        } finally {
          inHand = false;
          activity.run();
        }
      } catch (InterruptedException e) {
        return; // what is not acknowledged is delivered again to whoever holds the session next
      }
    }
  }

  /** The database being away is no reason to lose or skip events: try until it is back. */
  private void storeWithRetry(List<Received> batch) throws InterruptedException {
    List<EventIngestor.Checked> checked = batch.stream().map(Received::event).toList();
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    while (running.getAsBoolean()) {
      try {
        ingestor.ingestChecked(checked);
        return;
      } catch (RuntimeException e) {
        long wait = backoff.nextMillis();
        log.warn(
            "Storing a batch of {} MQTT events failed, retrying in {} ms: {}",
            batch.size(),
            wait,
            e.toString());
        Thread.sleep(wait);
      }
    }
    throw new InterruptedException(Thread.currentThread().getName() + " stopped");
  }

  /** Waits for the batch in hand; {@code interrupt} first to drop it (a crash-like stop). */
  void join(Duration patience, boolean interrupt) throws InterruptedException {
    if (interrupt) {
      thread.interrupt();
    }
    thread.join(Math.max(1, patience.toMillis()));
    thread.interrupt();
  }
}
