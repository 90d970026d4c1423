package org.unitrace.core.system;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database mes-core uses: the configured PostgreSQL, or an embedded one (binaries from Maven
 * Central) kept under {@code data/postgres} so a restart finds the same plant.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedDatabase embeddedDatabase(CoreProperties properties) throws IOException {
    if (!properties.db().embedded()) {
      return new EmbeddedDatabase(null);
    }
    Path dir = properties.dataDir().resolve("postgres").toAbsolutePath();
    Files.createDirectories(dir.getParent());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false);
    if (properties.db().embeddedPort() > 0) {
      builder.setPort(properties.db().embeddedPort());
    }
    EmbeddedPostgres postgres = builder.start();
    log.info("Embedded PostgreSQL on port {}, data in {}", postgres.getPort(), dir);
    return new EmbeddedDatabase(postgres);
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(CoreProperties properties, EmbeddedDatabase embedded) {
    HikariDataSource ds = new HikariDataSource();
    ds.setPoolName("unitrace");
    ds.setMaximumPoolSize(10);
    // idle connections are given back (after 10 minutes) down to two: several instances, the
    // live-feed listener's connection of each, and replicas share the server's max_connections
    ds.setMinimumIdle(2);
    // no reWriteBatchedInserts: projections upsert the same row twice within one batch (a unit's
    // status changing twice), which a rewritten multi-row INSERT ... ON CONFLICT refuses
    if (embedded.postgres() != null) {
      ds.setJdbcUrl(embedded.postgres().getJdbcUrl("postgres", "postgres"));
    } else {
      ds.setJdbcUrl(properties.db().url());
      if (properties.db().username() != null) {
        ds.setUsername(properties.db().username());
      }
      if (properties.db().password() != null) {
        ds.setPassword(properties.db().password());
      }
    }
    return ds;
  }

  /** Holds the embedded server, when there is one, so it stops after the pool closes. */
  record EmbeddedDatabase(EmbeddedPostgres postgres) implements AutoCloseable {
    @Override
    public void close() {
      if (postgres != null) {
        try {
          postgres.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
