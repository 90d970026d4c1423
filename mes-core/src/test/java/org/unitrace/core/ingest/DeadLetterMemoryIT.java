package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.EventCodec;
import org.unitrace.core.support.CoreProcess;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A memory report as it was made: a {@code production} user posts seven batches of fifteen
 * oversized events (each kept as a 1 MiB dead letter), and the dead-letter list is asked for, by
 * default and with {@code limit=1000}, from a mes-core process with a 512 MiB heap. Before, the
 * list carried every raw payload inline and the core ran out of memory; now each answer stays
 * within the page's byte budget, shows each payload's size, and the payload comes one dead letter
 * at a time.
 */
class DeadLetterMemoryIT {

  private static final int BATCHES = 7;
  private static final int PER_BATCH = 15;
  private static final int KEPT = 1 << 20; // the raw bytes a dead letter keeps at most
  private static final int BUDGET = 131_072; // unitrace.dead-letters.page-bytes, the default
  private static final String PASSWORD = TestServers.unique("production-pw-");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static CoreProcess core;
  private static String production;
  private static byte[] firstPosted;

  @BeforeAll
  static void aHundredOversizedEventsPostedByAProductionUser() throws Exception {
    core = CoreProcess.start("dead-letter-core", "512m");
    String user = TestServers.unique("prod");
    HttpResponse<byte[]> created =
        core.send(
            core.post(
                "/api/admin/users",
                core.admin(),
                JSON.writeValueAsString(
                    Map.of(
                        "username", user, "password", PASSWORD, "roles", List.of("production")))));
    assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
    production = CoreProcess.basic(user, PASSWORD);

    String line = TestServers.unique("L");
    TestEvents events = new TestEvents("AKL", line, "edge-" + line);
    EventCodec codec = new EventCodec();
    // an agent id of escapes and accents makes each listed row heavy, as a hostile sender would
    String heavyAgent = "\"agentId\":\"edge-" + "\\u0007é".repeat(300) + "\"";
    String padding = "\"padding\":\"" + "x".repeat(1_100_000) + "\",\"payload\":{";
    for (int b = 0; b < BATCHES; b++) {
      List<String> batch = new ArrayList<>();
      for (int i = 0; i < PER_BATCH; i++) {
        batch.add(
            codec
                .encodeToString(events.serialized("BIG-%d-%d".formatted(b, i), "CTRL-900", "R"))
                .replace("\"agentId\":\"edge-" + line + "\"", heavyAgent)
                .replace("\"payload\":{", padding));
      }
      if (firstPosted == null) {
        firstPosted = JSON.writeValueAsBytes(JSON.readTree(batch.get(0)));
      }
      HttpResponse<byte[]> answer =
          core.send(core.post("/api/events", production, "[" + String.join(",", batch) + "]"));
      assertThat(answer.statusCode()).as(text(answer)).isEqualTo(200);
      for (JsonNode result : JSON.readTree(answer.body())) {
        assertThat(result.path("status").asText()).isEqualTo("rejected");
        assertThat(result.path("reason").asText()).contains("exceeds the limit");
      }
    }
    assertThat(deadLettersInTheDatabase()).isEqualTo(BATCHES * PER_BATCH);
  }

  @AfterAll
  static void stop() {
    if (core != null) {
      core.close();
    }
  }

  @Test
  void theDefaultListAnswersWithinItsByteBudgetAndShowsEachPayloadsSize() throws Exception {
    HttpResponse<byte[]> page = list("/api/dead-letters");

    assertThat(page.statusCode()).as(text(page)).isEqualTo(200);
    assertThat(page.body().length).isLessThanOrEqualTo(BUDGET);
    JsonNode rows = JSON.readTree(page.body());
    assertThat(rows.size()).isBetween(1, 100);
    for (JsonNode row : rows) {
      assertThat(row.has("raw")).as("no raw payload inline").isFalse();
      assertThat(row.path("payloadBytes").asInt()).isEqualTo(KEPT);
      assertThat(row.path("preview").asText()).startsWith("{").hasSizeLessThanOrEqualTo(200);
      assertThat(row.path("agentId").asText()).endsWith("…").hasSizeLessThanOrEqualTo(201);
    }
    assertThat(page.headers().firstValue("Link")).isPresent();
    assertThat(core.isAlive()).isTrue();
    assertThat(core.log()).doesNotContain("OutOfMemoryError");
  }

  @Test
  void aThousandRowsAreAskedForAndEveryDeadLetterIsReachedPageByPageWithinTheBudget()
      throws Exception {
    List<Long> ids = new ArrayList<>();
    String next = "/api/dead-letters?limit=1000";
    int pages = 0;
    while (next != null) {
      HttpResponse<byte[]> page = list(next);
      assertThat(page.statusCode()).as(next + ": " + text(page)).isEqualTo(200);
      assertThat(page.body().length).as(next).isLessThanOrEqualTo(BUDGET);
      JSON.readTree(page.body()).forEach(r -> ids.add(r.path("id").asLong()));
      next =
          page.headers()
              .firstValue("Link")
              .map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>')))
              .orElse(null);
      assertThat(++pages).as("pages").isLessThan(20);
    }

    assertThat(pages).as("the budget, not the row count, ended the first page").isGreaterThan(1);
    assertThat(ids).hasSize(BATCHES * PER_BATCH).doesNotHaveDuplicates();
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(core.log()).doesNotContain("OutOfMemoryError");
  }

  @Test
  void fourPeopleListingAThousandAtOnceAllGetTheirPageAndTheCoreRunsOn() throws Exception {
    List<CompletableFuture<HttpResponse<byte[]>>> listings = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      listings.add(CompletableFuture.supplyAsync(() -> list("/api/dead-letters?limit=1000")));
    }

    for (CompletableFuture<HttpResponse<byte[]>> listing : listings) {
      HttpResponse<byte[]> page = listing.get();
      assertThat(page.statusCode()).as(text(page)).isEqualTo(200);
      assertThat(page.body().length).isLessThanOrEqualTo(BUDGET);
    }
    assertThat(core.isAlive()).isTrue();
    assertThat(core.log()).doesNotContain("OutOfMemoryError");
  }

  @Test
  void thePayloadComesOneDeadLetterAtATimeAsItWasKept() throws Exception {
    long first = idInTheDatabase("min");
    long missingId = idInTheDatabase("max") + 1000;

    HttpResponse<byte[]> payload =
        core.send(core.get("/api/dead-letters/" + first + "/payload", production));

    assertThat(payload.statusCode()).isEqualTo(200);
    assertThat(payload.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(payload.headers().firstValue("Content-Length")).hasValue(String.valueOf(KEPT));
    assertThat(payload.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"dead-letter-" + first + ".bin\"");
    assertThat(payload.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(payload.body()).isEqualTo(Arrays.copyOf(firstPosted, KEPT));

    HttpResponse<byte[]> missing =
        core.send(core.get("/api/dead-letters/" + missingId + "/payload", production));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(text(missing)).contains("dead letter", String.valueOf(missingId));
  }

  private static HttpResponse<byte[]> list(String path) {
    return core.send(core.get(path, production));
  }

  private static String text(HttpResponse<byte[]> response) {
    byte[] body = response.body();
    return new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8);
  }

  private static long deadLettersInTheDatabase() throws Exception {
    return idInTheDatabase("count");
  }

  /** count, min or max of the dead letters' ids, read from the core's database. */
  private static long idInTheDatabase(String aggregate) throws Exception {
    try (Connection c = DriverManager.getConnection(core.db());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + aggregate + "(id) FROM dead_letter")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
