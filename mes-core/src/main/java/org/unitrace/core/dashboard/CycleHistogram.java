package org.unitrace.core.dashboard;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Cycle times counted in the fixed logarithmic buckets of {@code unitrace_cycle_bucket} (V12):
 * bucket 0 holds 0 ms, bucket k holds [1.02^(k-1), 1.02^k) ms. A percentile read from it takes each
 * value at its bucket's geometric centre and interpolates between ranks as {@code percentile_cont}
 * does, so it is within 1 % of the exact percentile.
 */
final class CycleHistogram {

  static final double RATIO = 1.02;

  private final NavigableMap<Integer, Long> counts = new TreeMap<>();
  private long total;

  void add(int bucket, long count) {
    if (count > 0) {
      counts.merge(bucket, count, Long::sum);
      total += count;
    }
  }

  long total() {
    return total;
  }

  /** The q-quantile (0..1) like {@code percentile_cont(q)}, or null when nothing was counted. */
  Double percentile(double q) {
    if (total == 0) {
      return null;
    }
    double rank = q * (total - 1);
    long lo = (long) Math.floor(rank);
    long hi = (long) Math.ceil(rank);
    double low = valueAt(lo);
    double high = hi == lo ? low : valueAt(hi);
    return low + (rank - lo) * (high - low);
  }

  /** The value standing for the index-th smallest counted time (0-based). */
  private double valueAt(long index) {
    long seen = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (index < seen) {
        return centre(e.getKey());
      }
    }
    throw new IllegalStateException("index " + index + " beyond " + total + " counted times");
  }

  static double centre(int bucket) {
    return bucket <= 0 ? 0 : Math.pow(RATIO, bucket - 0.5);
  }
}
