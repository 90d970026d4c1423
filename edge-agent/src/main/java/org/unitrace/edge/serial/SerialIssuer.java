package org.unitrace.edge.serial;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.edge.state.AgentState;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.serialno.SerialContext;
import org.unitrace.line.serialno.SerialTemplate;

/**
 * Issues serials of one template from blocks the core gave this agent. Its position is committed to
 * the agent's store before a number is returned: after a crash the issuer resumes after the last
 * number it handed out, so a number may be skipped but never issued twice. A new period (day,
 * shift) drops what is left of the old period's blocks and takes a block for the new one.
 */
public final class SerialIssuer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SerialIssuer.class);

  private final SerialSettings settings;
  private final SerialTemplate template;
  private final AgentState store;
  private final BlockSource source;
  private final ExecutorService refills;
  private final AtomicBoolean refilling = new AtomicBoolean();
  private final Object takeLock = new Object();
  private Hand hand;

  public SerialIssuer(SerialSettings settings, AgentState store, BlockSource source) {
    this.settings = settings;
    this.template = SerialTemplate.parse(settings.template());
    this.store = store;
    this.source = source;
    String saved = store.load(AgentState.Kind.SERIALS).get(settings.template());
    this.hand = saved == null ? null : Hand.decode(saved);
    this.refills = Executors.newSingleThreadExecutor(DaemonThreads.named("serial-refill"));
  }

  /**
   * The next serial for this context, its position already on disk.
   *
   * <p>One block request at a time per issuer ({@code takeLock}, always taken before the issuer's
   * own lock): blocks join the hand in the order the core allocated them, so serials leave in
   * ascending order and only a crash skips one.
   *
   * @throws SerialsExhaustedException when nothing is in hand and the core gives no block
   */
  public String next(SerialContext ctx) {
    String period = template.periodKey(ctx);
    while (true) {
      synchronized (this) {
        if (hand == null || !hand.period().equals(period)) {
          save(Hand.empty(period));
        }
        if (hand.remaining() > 0) {
          long n = hand.peek();
          save(hand.withoutNext());
          if (hand.remaining() < settings.lowWater()) {
            refillInBackground();
          }
          return template.format(ctx, n);
        }
      }
      synchronized (takeLock) {
        synchronized (this) {
          if (hand.remaining() > 0 || !hand.period().equals(period)) {
            continue; // a refill came in while this thread waited for the lock
          }
        }
        Block block;
        try {
          block = source.take(settings.template(), period, want());
        } catch (RuntimeException e) {
          throw new SerialsExhaustedException(settings.template(), period, e);
        }
        synchronized (this) {
          if (hand.period().equals(period)) {
            save(hand.with(block));
          }
        }
      }
    }
  }

  /** Numbers in hand for the current period. */
  public synchronized long remaining() {
    return hand == null ? 0 : hand.remaining();
  }

  /** The blocks in hand, as stored. */
  synchronized List<Block> blocks() {
    return hand == null ? List.of() : hand.blocks();
  }

  /** Fills the reserve for a period now, e.g. at start while the core is reachable. */
  public void fill(SerialContext ctx) {
    String period = template.periodKey(ctx);
    synchronized (this) {
      if (hand == null || !hand.period().equals(period)) {
        save(Hand.empty(period));
      }
    }
    topUp(period);
  }

  private long want() {
    return Math.max(settings.blockSize(), 1);
  }

  private void refillInBackground() {
    if (refilling.compareAndSet(false, true)) {
      String period = hand.period();
      refills.execute(
          () -> {
            try {
              topUp(period);
            } catch (RuntimeException e) {
              log.warn(
                  "serials {}: refill failed, {} numbers in hand: {}",
                  settings.template(),
                  remaining(),
                  e.getMessage());
            } finally {
              refilling.set(false);
            }
          });
    }
  }

  private void topUp(String period) {
    while (true) {
      synchronized (takeLock) {
        synchronized (this) {
          if (!hand.period().equals(period) || hand.remaining() >= settings.reserve()) {
            return;
          }
        }
        Block block = source.take(settings.template(), period, want());
        synchronized (this) {
          if (!hand.period().equals(period)) {
            return;
          }
          save(hand.with(block));
        }
      }
    }
  }

  private void save(Hand next) {
    store.save(AgentState.Kind.SERIALS, settings.template(), next.encode());
    hand = next;
  }

  @Override
  public void close() {
    refills.shutdownNow();
  }
}
