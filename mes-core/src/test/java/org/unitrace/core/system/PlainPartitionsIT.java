package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.core.support.TestServers;

/**
 * Without TimescaleDB the station time series are range-partitioned by month; partitions are made
 * ahead of time, and the ones wholly past the retention are dropped.
 */
@SpringBootTest(properties = {"unitrace.mqtt.enabled=false", "unitrace.timeseries.retention=P60D"})
class PlainPartitionsIT {

  @Autowired JdbcTemplate jdbc;
  @Autowired TimeSeriesPolicies policies;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestServers.useNewDatabase(registry);
  }

  @Test
  void monthlyPartitionsExistAheadAndOldOnesAreDropped() {
    String next =
        YearMonth.now(ZoneOffset.UTC).plusMonths(1).format(DateTimeFormatter.ofPattern("yyyyMM"));
    assertThat(partitions()).contains("station_event_" + next, "station_event_default");

    jdbc.execute(
        "CREATE TABLE station_event_200001 PARTITION OF station_event"
            + " FOR VALUES FROM ('2000-01-01') TO ('2000-02-01')");
    jdbc.update(
        "INSERT INTO station_event (time, site, line, station, type, event_id)"
            + " VALUES ('2000-01-15', 'AKL', 'L1', 'S1', 'StationResult', gen_random_uuid())");
    policies.apply();
    assertThat(partitions())
        .doesNotContain("station_event_200001")
        .contains("station_event_" + next);
  }

  private java.util.List<String> partitions() {
    return jdbc.queryForList(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'station_event'",
        String.class);
  }
}
