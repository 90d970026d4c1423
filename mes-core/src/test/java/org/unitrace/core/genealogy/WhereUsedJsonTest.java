package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WhereUsedJsonTest {

  private static String jackson(LocalDateTime at) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }

  @Test
  void timesAreWrittenAsJacksonWritesAnOffsetDateTimeInUtc() {
    LocalDateTime[] cases = {
      LocalDateTime.of(2026, 10, 1, 0, 0),
      LocalDateTime.of(2026, 10, 1, 0, 0, 7),
      LocalDateTime.of(2026, 12, 31, 23, 59, 59, 100_000_000),
      LocalDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000),
      LocalDateTime.of(2026, 1, 2, 3, 4, 5, 1_000),
      LocalDateTime.of(2026, 1, 2, 3, 4, 5, 999_999_999),
      LocalDateTime.of(0, 1, 1, 0, 0),
      LocalDateTime.of(9999, 12, 31, 23, 59, 59, 10),
      LocalDateTime.of(10_000, 1, 1, 0, 0),
      LocalDateTime.of(-1, 1, 1, 0, 0, 0, 500)
    };
    for (LocalDateTime at : cases) {
      assertThat(WhereUsedJson.isoUtc(at)).as(at.toString()).isEqualTo(jackson(at));
    }
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      LocalDateTime at =
          LocalDateTime.ofEpochSecond(
              random.nextLong(-62_000_000_000L, 253_000_000_000L),
              random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000) * 1_000,
              ZoneOffset.UTC);
      assertThat(WhereUsedJson.isoUtc(at)).as(at.toString()).isEqualTo(jackson(at));
    }
  }
}
