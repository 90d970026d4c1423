package org.unitrace.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.unitrace.core.support.TestServers;

/**
 * The audit trail against the real PostgreSQL: what a record holds, how it is found, that it shares
 * the fate of its transaction, and that the database refuses to change or delete it.
 */
@SpringBootTest(properties = "unitrace.mqtt.enabled=false")
class AuditLogIT {

  private static final String APPEND_ONLY = "audit records are append-only";

  @Autowired AuditLog auditLog;
  @Autowired JdbcTemplate jdbc;
  @Autowired TransactionTemplate transactions;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestServers.useNewDatabase(registry);
  }

  /** Spring's test support binds a mock request; audited work here runs outside any request. */
  @BeforeEach
  void noRequest() {
    RequestContextHolder.resetRequestAttributes();
  }

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
    RequestContextHolder.resetRequestAttributes();
  }

  @Test
  void recordNamesTheSignedInUserWithBeforeAfterAndReason() {
    signIn("alice", "ROLE_quality", "ROLE_admin");
    String station = TestServers.unique("AKL/L1/S");
    Instant start = Instant.now();

    auditLog.record(
        "station.update",
        "station",
        station,
        Map.of("name", "Press 1", "kind", "assembly"),
        Map.of("name", "Press 1A", "kind", "assembly"),
        "  renamed per ECO-12 ");

    AuditRecord r = only(byEntity(station));
    assertThat(r.actor()).isEqualTo("alice");
    assertThat(r.actorKind()).isEqualTo("user");
    assertThat(r.roles()).containsExactly("admin", "quality");
    assertThat(r.action()).isEqualTo("station.update");
    assertThat(r.entityType()).isEqualTo("station");
    assertThat(r.before().get("name").asText()).isEqualTo("Press 1");
    assertThat(r.after().get("name").asText()).isEqualTo("Press 1A");
    assertThat(r.after().get("kind").asText()).isEqualTo("assembly");
    assertThat(r.reason()).isEqualTo("renamed per ECO-12");
    assertThat(r.at().toInstant()).isBetween(start.minusSeconds(5), Instant.now());
    assertThat(r.requestId()).isNull();
    assertThat(r.remoteAddr()).isNull();
    assertThat(auditLog.find(r.id())).contains(r);
  }

  @Test
  void creationHasNoBeforeAndWorkWithoutACallerIsTheSystems() {
    String run = TestServers.unique("RUN-");
    auditLog.record("run.create", "run", run, null, Map.of("runId", run), null);

    AuditRecord r = only(byEntity(run));
    assertThat(r.actor()).isEqualTo("system");
    assertThat(r.actorKind()).isEqualTo("system");
    assertThat(r.roles()).isEmpty();
    assertThat(r.before()).isNull();
    assertThat(r.reason()).isNull();
  }

  @Test
  void requestIdAndClientAddressComeFromTheCurrentRequest() {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader(RequestOrigin.REQUEST_ID_HEADER, "req-123");
    request.setRemoteAddr("10.20.30.40");
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    signIn("bob", "ROLE_production");
    String unit = TestServers.unique("SN-");

    auditLog.record("unit.scrap", "unit", unit, null, null, "dropped");

    AuditRecord r = only(byEntity(unit));
    assertThat(r.requestId()).isEqualTo("req-123");
    assertThat(r.remoteAddr()).isEqualTo("10.20.30.40");
  }

  @Test
  void findFiltersAndPagesNewestFirst() {
    String entity = TestServers.unique("E-");
    String action = TestServers.unique("thing.") + ".touch";
    signIn("carol", "ROLE_admin");
    for (int i = 1; i <= 5; i++) {
      auditLog.record(action, "thing", entity, null, Map.of("n", i), null);
    }
    signIn("dave", "ROLE_admin");
    auditLog.record(action, "thing", entity, null, Map.of("n", 6), null);

    List<AuditRecord> all = byEntity(entity);
    assertThat(all).extracting(r -> r.after().get("n").asInt()).containsExactly(6, 5, 4, 3, 2, 1);

    assertThat(auditLog.find(new AuditQuery("carol", action, "thing", entity, null, null, 2, null)))
        .extracting(r -> r.after().get("n").asInt())
        .containsExactly(5, 4);
    long pageEnd = all.get(3).id(); // n = 3
    assertThat(auditLog.find(new AuditQuery(null, action, null, null, null, null, 10, pageEnd)))
        .extracting(r -> r.after().get("n").asInt())
        .containsExactly(2, 1);

    Instant sixth = all.get(0).at().toInstant();
    assertThat(auditLog.find(new AuditQuery(null, action, null, null, sixth, null, 10, null)))
        .extracting(AuditRecord::actor)
        .containsExactly("dave");
    assertThat(auditLog.find(new AuditQuery(null, action, null, null, null, sixth, 10, null)))
        .hasSize(5)
        .extracting(AuditRecord::actor)
        .containsOnly("carol");
  }

  @Test
  void recordInATransactionThatRollsBackIsGoneWithTheChange() {
    signIn("erin", "ROLE_admin");
    String site = TestServers.unique("S");

    transactions.executeWithoutResult(
        tx -> {
          jdbc.update("INSERT INTO site (code, name) VALUES (?, 'Doomed')", site);
          auditLog.record("site.create", "site", site, null, Map.of("code", site), null);
          assertThat(byEntity(site)).hasSize(1); // visible inside its own transaction
          tx.setRollbackOnly();
        });

    assertThat(byEntity(site)).isEmpty();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM site WHERE code = ?", Long.class, site))
        .isZero();
  }

  @Test
  void recordInATransactionThatCommitsStays() {
    String site = TestServers.unique("S");
    transactions.executeWithoutResult(
        tx -> auditLog.record("site.create", "site", site, null, Map.of("code", site), null));
    assertThat(byEntity(site)).hasSize(1);
  }

  @Test
  void databaseRefusesToUpdateDeleteOrTruncateAuditRecords() {
    String entity = TestServers.unique("E-");
    auditLog.record("thing.create", "thing", entity, null, Map.of("ok", true), null);

    assertThatThrownBy(
            () ->
                jdbc.update("UPDATE audit_record SET actor = 'nobody' WHERE entity_id = ?", entity))
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining(APPEND_ONLY);
    assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_record WHERE entity_id = ?", entity))
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining(APPEND_ONLY);
    assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_record WHERE false"))
        .hasMessageContaining(APPEND_ONLY);
    assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_record"))
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining(APPEND_ONLY);

    AuditRecord r = only(byEntity(entity));
    assertThat(r.actor()).isEqualTo("system");
  }

  @Test
  void missingReasonIsRefusedNamingTheAction() {
    assertThatThrownBy(() -> auditLog.requireReason("  ", "recall.close"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a reason is required for recall.close");
    auditLog.requireReason("supplier confirmed lot is good", "recall.close");
  }

  private static void signIn(String user, String... authorities) {
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                user, null, AuthorityUtils.createAuthorityList(authorities)));
  }

  private List<AuditRecord> byEntity(String entityId) {
    return auditLog.find(new AuditQuery(null, null, null, entityId, null, null, 100, null));
  }

  private static AuditRecord only(List<AuditRecord> records) {
    assertThat(records).hasSize(1);
    return records.get(0);
  }
}
