package org.unitrace.core.system;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The station time series' storage, decided and logged before Flyway migrates. */
@Configuration(proxyBeanMethods = false)
class TimeSeriesConfiguration {

  private static final Logger log = LoggerFactory.getLogger(TimeSeriesConfiguration.class);

  @Bean
  TimeSeriesStorage timeSeriesStorage(DataSource dataSource, TimeSeriesPolicies.Settings settings) {
    TimescaleProbe probe = TimescaleProbe.of(new JdbcTemplate(dataSource));
    TimeSeriesStorage storage = TimeSeriesStorage.decide(settings.mode(), probe);
    log.info("Station time series: {}, because {}", storage.describe(), storage.why());
    return storage;
  }

  @Bean
  TimeSeriesMigration timeSeriesMigration(DataSource dataSource, TimeSeriesStorage storage) {
    return new TimeSeriesMigration(dataSource, storage);
  }
}
