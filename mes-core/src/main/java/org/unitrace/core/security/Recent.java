package org.unitrace.core.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a login looked up in the database a moment ago (a token's row, a user's row, that a user and
 * address are not blocked), reused for {@code ttl} instead of a round trip per request. A change
 * made on this instance forgets the entry at once; one made on another instance is seen here within
 * {@code ttl}. At most {@code maxEntries} are kept; past that, lookups go to the database again.
 */
final class Recent<K, V> {

  private record Entry<V>(V value, long until) {}

  private final long ttl;
  private final int maxEntries;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

  Recent(Duration ttl, int maxEntries) {
    this.ttl = ttl.toNanos();
    this.maxEntries = maxEntries;
  }

  /** The value kept for {@code key}, or {@code load}'s (kept unless null). */
  V get(K key, Function<K, V> load) {
    V value = kept(key);
    if (value == null) {
      value = load.apply(key);
      if (value != null) {
        put(key, value);
      }
    }
    return value;
  }

  /** The value kept for {@code key}, or null. */
  V kept(K key) {
    Entry<V> e = entries.get(key);
    return e != null && e.until() - System.nanoTime() > 0 ? e.value() : null;
  }

  /** Keeps {@code value} for {@code key} from now. */
  void put(K key, V value) {
    if (ttl <= 0) {
      return;
    }
    long now = System.nanoTime();
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> e.until() - now <= 0);
    }
    if (entries.size() < maxEntries) {
      entries.put(key, new Entry<>(value, now + ttl));
    }
  }

  void forget(K key) {
    entries.remove(key);
  }

  /**
   * Forgets {@code key} now and again once the transaction that changes it commits, so a lookup
   * made in between does not keep the row as it was before the change.
   */
  void forgetAfterCommit(K key) {
    forget(key);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              forget(key);
            }
          });
    }
  }

  void forgetAll() {
    entries.clear();
  }
}
