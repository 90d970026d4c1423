package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceGapsTest {

  @Test
  void fillingTheMiddleOfAGapSplitsIt() {
    var gaps = new SequenceWatermarks.Gaps(List.of(new long[] {10, 20}));
    gaps.fill(15);
    assertThat(gaps.ranges()).containsExactlyInAnyOrder(new long[] {10, 14}, new long[] {16, 20});
  }

  @Test
  void fillingEitherEndShrinksIt() {
    var gaps = new SequenceWatermarks.Gaps(List.of(new long[] {10, 12}));
    gaps.fill(10);
    gaps.fill(12);
    assertThat(gaps.ranges()).containsExactly(new long[] {11, 11});
    gaps.fill(11);
    assertThat(gaps.ranges()).isEmpty();
  }

  @Test
  void aSeqOutsideEveryGapChangesNothing() {
    var gaps = new SequenceWatermarks.Gaps(List.of(new long[] {10, 12}));
    gaps.fill(5);
    assertThat(gaps.ranges()).containsExactly(new long[] {10, 12});
  }
}
