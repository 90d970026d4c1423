package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CycleHistogramTest {

  /** The bucket of unitrace_cycle_bucket (V12), for building histograms here. */
  private static int bucket(long ms) {
    return ms < 1 ? 0 : Math.min(1 + (int) Math.floor(Math.log(ms) / Math.log(1.02)), 1000);
  }

  /** percentile_cont over the exact values. */
  private static double exact(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = q * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  }

  @Test
  void anEmptyHistogramHasNoPercentile() {
    assertThat(new CycleHistogram().percentile(0.9)).isNull();
  }

  @Test
  void p90IsWithinOnePercentOfTheExactValue() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      long[] values = new long[1 + random.nextInt(400)];
      CycleHistogram histogram = new CycleHistogram();
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(3) == 0 ? 1 + random.nextInt(50) : 2000 + random.nextInt(9000);
        histogram.add(bucket(values[i]), 1);
      }
      double exact = exact(values, 0.9);
      assertThat(histogram.percentile(0.9))
          .as("values %s", Arrays.toString(values))
          .isCloseTo(exact, within(exact * 0.01));
    }
  }

  @Test
  void countsOfTheSameBucketAddUp() {
    CycleHistogram histogram = new CycleHistogram();
    histogram.add(bucket(100), 3);
    histogram.add(bucket(100), 6);
    histogram.add(bucket(5000), 1);
    assertThat(histogram.total()).isEqualTo(10);
    // rank 8.1 of 0..9: the 9th and 10th smallest are 100 and 5000
    double p90 = histogram.percentile(0.9);
    double expected =
        CycleHistogram.centre(bucket(100)) * 0.9 + CycleHistogram.centre(bucket(5000)) * 0.1;
    assertThat(p90).isCloseTo(expected, within(1e-9));
    assertThat(histogram.percentile(0.0)).isCloseTo(100, within(1.0));
  }
}
