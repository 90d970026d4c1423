package org.unitrace.core.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole mes-core against the real PostgreSQL (a fresh database per test class) and the real
 * broker, on a random HTTP port. Each class joins a share group of its own, so no other test's core
 * (or a session left from an earlier run) takes its messages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CoreITSupport {

  protected static final String SITE = "AKL";

  @Autowired protected TestRestTemplate http;
  @Autowired protected JdbcTemplate jdbc;

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    String db = TestServers.createDatabase();
    registry.add("unitrace.db.url", () -> db);
    registry.add("unitrace.mqtt.url", TestServers::mqttUrl);
    String id = TestServers.unique("it-");
    registry.add("unitrace.mqtt.client-id", () -> id);
    registry.add("unitrace.mqtt.share-group", () -> id);
    registry.add("unitrace.mqtt.session-expiry", () -> "PT2M");
    registry.add("unitrace.data-dir", () -> "target/it-data/" + id);
  }
}
