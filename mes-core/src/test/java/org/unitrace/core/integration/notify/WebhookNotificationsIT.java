package org.unitrace.core.integration.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.unitrace.core.support.Bodies.bomLine;
import static org.unitrace.core.support.Rest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.unitrace.contract.Event;
import org.unitrace.core.quality.Holds;
import org.unitrace.core.stolen.Alerts;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Webhooks end to end: causes recorded through the API and ingestion, the outbox, the Camel route,
 * a real HTTP receiver. Backoff and limits are seconds here, so "a receiver down for ten minutes"
 * is a receiver down for a few seconds against retries a few hundred milliseconds apart.
 */
@TestPropertySource(
    properties = {
      "unitrace.integration.notifications.enabled=true",
      "unitrace.integration.notifications.poll-interval=PT0.2S",
      "unitrace.integration.notifications.lease=PT3S",
      "unitrace.integration.notifications.backoff.initial=PT0.3S",
      "unitrace.integration.notifications.backoff.max=PT1S",
      "unitrace.integration.notifications.max-attempts=8",
      "unitrace.integration.notifications.max-age=PT2M"
    })
class WebhookNotificationsIT extends CoreITSupport {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static WebhookReceiver receiver;

  @Autowired private Holds holds;
  @Autowired private Alerts alerts;
  @Autowired private Deliveries deliveries;
  @Autowired private DeliveryWorker worker;
  @Autowired private CamelContext camel;
  @Autowired private TransactionTemplate transactions;

  private final ObjectMapper json = new ObjectMapper();
  private String line;
  private TestEvents events;

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @BeforeEach
  void aLineWithUnits() throws Exception {
    line = TestServers.unique("N");
    events = new TestEvents(SITE, line, "edge-" + line);
    List<Event> history = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      history.add(events.serialized(line + "-U" + i, "PUMP-100", "RUN-" + line));
    }
    postStored(history);
    if (camel.getRouteController().getRouteStatus("notifications-poll").isStopped()) {
      camel.getRouteController().startRoute("notifications-poll");
    }
  }

  /** Each test's subscriptions end with it, so no test hears another's causes. */
  @AfterEach
  void unsubscribe() {
    jdbc.update("DELETE FROM notification_subscription");
  }

  @Test
  void holdAndReleaseArePostedSignedOnceAndOnlyToSubscribersOfTheirLine() throws Exception {
    String path = "/" + line + "/quality";
    JsonNode sub = subscribe(path, List.of("HOLD_PLACED", "HOLD_RELEASED"), line);
    String secret = sub.path("secret").asText();
    subscribe("/" + line + "/other-line", List.of("HOLD_PLACED"), line + "-OTHER");

    hold(line + "-U1", "leak at test");
    await().atMost(PATIENCE).until(() -> receiver.accepted(path).size() == 1);
    assertThat(
            http.postForEntity(
                    "/api/units/" + line + "-U1/release",
                    Map.of("reason", "retest OK"),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    await().atMost(PATIENCE).until(() -> receiver.accepted(path).size() == 2);

    WebhookReceiver.Request placed = receiver.accepted(path).get(0);
    JsonNode body = json.readTree(placed.body());
    assertThat(body.path("kind").asText()).isEqualTo("HOLD_PLACED");
    assertThat(body.path("site").asText()).isEqualTo(SITE);
    assertThat(body.path("line").asText()).isEqualTo(line);
    assertThat(body.path("subject").asText()).isEqualTo(line + "-U1");
    assertThat(body.path("data").path("reason").asText()).isEqualTo("leak at test");
    assertThat(body.path("data").path("heldBy").asText()).isEqualTo(OPERATOR);
    assertThat(placed.header("X-Unitrace-Event-Id")).isEqualTo(body.path("id").asText());
    assertThat(placed.header("Content-Type")).startsWith("application/json");
    assertThat(
            WebhookSignature.verify(
                secret,
                placed.header("X-Unitrace-Timestamp"),
                placed.body().getBytes(StandardCharsets.UTF_8),
                placed.header("X-Unitrace-Signature")))
        .isTrue();
    assertThat(
            WebhookSignature.verify(
                "not-the-secret-at-all",
                placed.header("X-Unitrace-Timestamp"),
                placed.body().getBytes(StandardCharsets.UTF_8),
                placed.header("X-Unitrace-Signature")))
        .isFalse();
    JsonNode released = json.readTree(receiver.accepted(path).get(1).body());
    assertThat(released.path("kind").asText()).isEqualTo("HOLD_RELEASED");
    assertThat(released.path("data").path("releaseReason").asText()).isEqualTo("retest OK");

    assertThat(receiver.on("/" + line + "/other-line")).isEmpty();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM notification WHERE line = ? AND kind LIKE 'HOLD_%'",
                Integer.class, line))
        .isEqualTo(2);
    JsonNode delivered =
        get("/api/admin/notifications/deliveries?state=DELIVERED&kind=HOLD_PLACED");
    assertThat(delivered.findValuesAsText("notificationId")).contains(body.path("id").asText());
  }

  @Test
  void aHoldWhoseTransactionRolledBackIsNeverSent() {
    String path = "/" + line + "/rollback";
    subscribe(path, List.of("HOLD_PLACED"), line);
    transactions.executeWithoutResult(
        tx -> {
          holds.hold(line + "-U2", "placed, then the request failed", null, "tester");
          tx.setRollbackOnly();
        });
    hold(line + "-U3", "committed");
    await().atMost(PATIENCE).until(() -> receiver.accepted(path).size() == 1);
    assertThat(receiver.on(path).get(0).body()).contains(line + "-U3").doesNotContain(line + "-U2");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM notification WHERE subject = ?", Integer.class, line + "-U2"))
        .isZero();
  }

  @Test
  void aReceiverAnswering500ForAWhileGetsEveryNotificationExactlyOnce() throws Exception {
    String path = "/" + line + "/flaky";
    subscribe(path, List.of("HOLD_PLACED"), line);
    receiver.failAlways(path);
    for (int i = 1; i <= 3; i++) {
      hold(line + "-U" + i, "batch " + i);
    }
    // down until each of the three has been refused twice (a retry seen), then back
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                receiver.on(path).stream()
                        .collect(
                            java.util.stream.Collectors.groupingBy(
                                r -> r.header("X-Unitrace-Event-Id"),
                                java.util.stream.Collectors.counting()))
                        .values()
                        .stream()
                        .filter(n -> n >= 2)
                        .count()
                    == 3);
    receiver.recover(path);
    await().atMost(PATIENCE).until(() -> receiver.accepted(path).size() == 3);

    Map<String, Integer> acceptedById = new HashMap<>();
    for (WebhookReceiver.Request r : receiver.accepted(path)) {
      acceptedById.merge(r.header("X-Unitrace-Event-Id"), 1, Integer::sum);
    }
    assertThat(acceptedById).hasSize(3).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(receiver.on(path).stream().filter(r -> r.answered() == 500)).isNotEmpty();
    // the tries and what the receiver answered are on record (the sender records the receiver's
    // 2xx after the receiver has logged the request: wait for that, not for a moment)
    List<JsonNode> ours = new ArrayList<>();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              ours.clear();
              get("/api/admin/notifications/deliveries?kind=HOLD_PLACED&limit=1000")
                  .forEach(
                      d -> {
                        if (line.equals(d.path("line").asText())) {
                          ours.add(d);
                        }
                      });
              assertThat(ours)
                  .hasSize(3)
                  .allSatisfy(d -> assertThat(d.path("state").asText()).isEqualTo("DELIVERED"));
            });
    JsonNode detail = get("/api/admin/notifications/deliveries/" + ours.get(0).path("id").asLong());
    JsonNode attempts = detail.path("attempts");
    assertThat(attempts.size()).isGreaterThan(1);
    assertThat(attempts.get(0).path("status").asInt()).isEqualTo(500);
    assertThat(attempts.get(0).path("error").asText()).contains(path).contains("500");
    assertThat(attempts.get(attempts.size() - 1).path("ok").asBoolean()).isTrue();
    // a few more polls send nothing more
    long before = receiver.on(path).size();
    worker.deliverDue();
    assertThat(receiver.on(path)).hasSize((int) before);
  }

  @Test
  void afterTheLastTryTheDeliveryIsDeadListedAndSentAgainOnRequest() throws Exception {
    String path = "/" + line + "/down";
    subscribe(path, List.of("HOLD_PLACED"), line);
    receiver.failAlways(path);
    hold(line + "-U4", "receiver is down");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                get("/api/admin/notifications/deliveries?state=DEAD")
                    .findValuesAsText("subject")
                    .contains(line + "-U4"));
    assertThat(receiver.on(path))
        .hasSize(8)
        .allSatisfy(r -> assertThat(r.answered()).isEqualTo(500));
    JsonNode dead = null;
    for (JsonNode d : get("/api/admin/notifications/deliveries?state=DEAD")) {
      if (d.path("subject").asText().equals(line + "-U4")) {
        dead = d;
      }
    }
    assertThat(dead.path("attempts").asInt()).isEqualTo(8);
    assertThat(dead.path("lastError").asText()).contains("answered 500");

    receiver.recover(path);
    ResponseEntity<JsonNode> resent =
        http.postForEntity(
            "/api/admin/notifications/deliveries/" + dead.path("id").asLong() + "/resend",
            Map.of("reason", "receiver fixed"),
            JsonNode.class);
    assertThat(resent.getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(PATIENCE).until(() -> receiver.accepted(path).size() == 1);
    assertThat(receiver.accepted(path).get(0).header("X-Unitrace-Event-Id"))
        .isEqualTo(dead.path("notificationId").asText());
    await()
        .atMost(PATIENCE)
        .until(() -> deliveries.find(dead(path)).orElseThrow().state().equals("DELIVERED"));
  }

  @Test
  void whatWasNotSentBeforeAStopIsSentByTheNextStartAndAClaimWhoseSenderDiedIsSentAgain()
      throws Exception {
    String path = "/" + line + "/restart";
    subscribe(path, List.of("HOLD_PLACED"), line);
    camel.getRouteController().stopRoute("notifications-poll");
    hold(line + "-U5", "while the worker is stopped");
    hold(line + "-U6", "taken by an instance that then died");
    List<Long> pending =
        jdbc.queryForList(
            """
            SELECT d.id FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
             WHERE n.line = ? AND d.state = 'PENDING' AND d.attempts = 0 ORDER BY d.id
            """,
            Long.class,
            line);
    assertThat(pending).hasSize(2);
    // an instance claims the second and dies before sending: its lease runs out
    assertThat(deliveries.claim(1, Duration.ofSeconds(2), pending.get(1))).hasSize(1);
    assertThat(receiver.on(path)).isEmpty();

    camel.getRouteController().startRoute("notifications-poll");
    await().atMost(PATIENCE).until(() -> receiver.accepted(path).size() == 2);
    assertThat(
            receiver.accepted(path).stream().map(r -> r.header("X-Unitrace-Event-Id")).distinct())
        .hasSize(2);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(deliveries.find(pending.get(1)).orElseThrow().attempts()).isEqualTo(2));
  }

  @Test
  void workersClaimingTogetherNeverTakeTheSameDelivery() throws Exception {
    String path = "/" + line + "/concurrent";
    subscribe(path, List.of("HOLD_PLACED"), line);
    camel.getRouteController().stopRoute("notifications-poll");
    for (int i = 1; i <= 12; i++) {
      hold(line + "-U" + i, "unit " + i);
    }
    Set<Long> claimed = ConcurrentHashMap.newKeySet();
    List<Long> twice = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> {
                  List<Deliveries.Claimed> got;
                  do {
                    got = deliveries.claim(1, Duration.ofMinutes(5), null);
                    got.forEach(
                        c -> {
                          if (!claimed.add(c.id())) {
                            twice.add(c.id());
                          }
                        });
                  } while (!got.isEmpty());
                }));
      }
      for (Future<?> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(twice).isEmpty();
    assertThat(claimed).hasSizeGreaterThanOrEqualTo(12);
    // as if their instances had died: due again now, then sent once each
    jdbc.update(
        "UPDATE notification_delivery SET next_attempt_at = now() WHERE id = ANY (?)",
        (Object) claimed.toArray(Long[]::new));
    camel.getRouteController().startRoute("notifications-poll");
    await().atMost(PATIENCE).until(() -> receiver.accepted(path).size() == 12);
    assertThat(
            receiver.accepted(path).stream().map(r -> r.header("X-Unitrace-Event-Id")).distinct())
        .hasSize(12);
  }

  @Test
  void recallsDuplicateSerialsStolenUnitsAndDeadLettersAreEachTold() throws Exception {
    String path = "/" + line + "/everything";
    // causes without a line (a recall, a malformed event) reach subscriptions without a line filter
    subscribe(
        path,
        List.of(
            "RECALL_OPENED",
            "DUPLICATE_SERIAL",
            "STOLEN_UNIT_SEEN",
            "DEAD_LETTER",
            "INTEGRITY_EXCEPTION",
            "HOLD_PLACED"),
        null);

    // a part bound that is not in the unit's bill of materials
    String product = line + "-CTRL";
    ResponseEntity<JsonNode> bom =
        put(
            "/api/products/" + product + "/revisions/A",
            Bodies.bom(bomLine("P1", "PCB-12", "SERIAL")));
    assertThat(bom.getStatusCode()).as(String.valueOf(bom.getBody())).isEqualTo(HttpStatus.OK);
    postStored(
        List.of(
            events.serialized(line + "-C1", product, "RUN-" + line),
            events.boundSerial(line + "-C1", "FUSE-9", line + "-F1")));

    // a recall that holds two units: one notification listing them, no hold notification each
    List<Event> lot = new ArrayList<>();
    lot.add(events.boundLot(line + "-U7", "SEAL-3", line + "-LOT", "Acme"));
    lot.add(events.boundLot(line + "-U8", "SEAL-3", line + "-LOT", "Acme"));
    postStored(lot);
    ResponseEntity<JsonNode> recall =
        http.postForEntity(
            "/api/recalls",
            Map.of(
                "title",
                "Seal leak " + line,
                "reason",
                "porous seals",
                "partNumber",
                "SEAL-3",
                "lot",
                line + "-LOT",
                "hold",
                true),
            JsonNode.class);
    assertThat(recall.getStatusCode()).isEqualTo(HttpStatus.CREATED);

    // a serial serialized twice: refused, dead-lettered and alerted
    Event duplicate = events.serialized(line + "-U1", "PUMP-100", "RUN-" + line);
    assertThat(ok(postBatch(List.of(duplicate))).get(0).path("status").asText())
        .isEqualTo("rejected");

    // a stolen unit seen again at a desk
    assertThat(
            http.postForEntity(
                    "/api/units/" + line + "-U9/stolen",
                    Map.of("kind", "STOLEN", "reportedBy", "Acme Ltd", "policeReference", "P-1"),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    alerts.seen(List.of(line + "-U9"), "return desk " + line, "a return by tester");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                kinds(path)
                    .containsAll(
                        List.of(
                            "RECALL_OPENED",
                            "DUPLICATE_SERIAL",
                            "STOLEN_UNIT_SEEN",
                            "DEAD_LETTER",
                            "INTEGRITY_EXCEPTION")));
    Map<String, JsonNode> byKind = new HashMap<>();
    for (WebhookReceiver.Request r : receiver.accepted(path)) {
      JsonNode b = json.readTree(r.body());
      byKind.put(b.path("kind").asText(), b);
    }
    JsonNode opened = byKind.get("RECALL_OPENED").path("data");
    assertThat(opened.path("title").asText()).isEqualTo("Seal leak " + line);
    assertThat(opened.path("unitCount").asInt()).isEqualTo(2);
    List<String> held = new ArrayList<>();
    opened.path("heldSerials").forEach(s -> held.add(s.asText()));
    assertThat(held).containsExactly(line + "-U7", line + "-U8");
    assertThat(kinds(path)).doesNotContain("HOLD_PLACED");

    JsonNode dup = byKind.get("DUPLICATE_SERIAL");
    assertThat(dup.path("line").asText()).isEqualTo(line);
    assertThat(dup.path("data").path("eventId").asText()).isEqualTo(duplicate.eventId().toString());
    assertThat(dup.path("data").path("seenWhat").asText()).contains("serialized twice");
    JsonNode deadLetter = byKind.get("DEAD_LETTER");
    assertThat(deadLetter.path("line").asText()).isEqualTo(line);
    assertThat(deadLetter.path("data").path("count").asInt()).isEqualTo(1);
    assertThat(deadLetter.path("data").path("deadLetters").get(0).path("eventId").asText())
        .isEqualTo(duplicate.eventId().toString());
    JsonNode integrity = byKind.get("INTEGRITY_EXCEPTION");
    assertThat(integrity.path("line").asText()).isEqualTo(line);
    assertThat(integrity.path("subject").asText()).isEqualTo(line + "-C1");
    assertThat(integrity.path("data").path("exceptionKind").asText()).isEqualTo("WRONG_PART");
    assertThat(integrity.path("data").path("componentPart").asText()).isEqualTo("FUSE-9");
    JsonNode stolen = byKind.get("STOLEN_UNIT_SEEN").path("data");
    assertThat(stolen.path("serial").asText()).isEqualTo(line + "-U9");
    assertThat(stolen.path("alertKind").asText()).isEqualTo("STOLEN_UNIT_SEEN");
    assertThat(stolen.path("policeReference").asText()).isEqualTo("P-1");
    assertThat(stolen.path("seenWhere").asText()).isEqualTo("return desk " + line);
  }

  @Test
  void subscriptionsAreForAdminsAndABadOneIsRefusedSayingWhatIsWrong() {
    String viewer = TestServers.unique("viewer");
    assertThat(
            newUser(viewer, "viewer-pw-" + viewer, "quality")
                .getForEntity("/api/admin/notifications/subscriptions", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    assertThat(refused("HOLD_PLACE", "WEBHOOK", "url", receiver.url("/x")))
        .contains("unknown notification kind 'HOLD_PLACE'");
    assertThat(refused("HOLD_PLACED", "WEBHOOK", "url", "ftp://host/x"))
        .contains("'url' must be an absolute http or https URL, was 'ftp://host/x'");
    assertThat(
            refused(
                "HOLD_PLACED",
                "EMAIL",
                "recipients",
                List.of("quality@plant.example", "not an address")))
        .contains("'recipients[1]' is not an e-mail address");
    assertThat(refused("HOLD_PLACED", "PIGEON")).contains("'channel' must be WEBHOOK or EMAIL");
    String path = "/" + line + "/dup";
    subscribe(path, List.of("HOLD_PLACED"), line);
    ResponseEntity<JsonNode> again =
        http.postForEntity(
            "/api/admin/notifications/subscriptions",
            Map.of(
                "name",
                "sub" + path,
                "kinds",
                List.of("HOLD_PLACED"),
                "channel",
                "WEBHOOK",
                "url",
                receiver.url(path)),
            JsonNode.class);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(
            http.getForEntity("/api/admin/notifications/deliveries?state=LOST", JsonNode.class)
                .getBody()
                .path("detail")
                .asText())
        .contains("'state' must be PENDING, DELIVERED or DEAD, was 'LOST'");
  }

  @Test
  void aTestSendsOnceNowAndADeletedSubscriptionGetsNothingMore() {
    String path = "/" + line + "/tested";
    JsonNode sub = subscribe(path, List.of("HOLD_PLACED"), line);
    long id = sub.path("subscription").path("id").asLong();
    JsonNode listed = get("/api/admin/notifications/subscriptions/" + id);
    assertThat(listed.path("target").asText()).isEqualTo(receiver.url(path));
    assertThat(listed.has("secret")).isFalse();

    ResponseEntity<JsonNode> tested =
        http.postForEntity(
            "/api/admin/notifications/subscriptions/" + id + "/test", null, JsonNode.class);
    assertThat(tested.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(tested.getBody().path("delivery").path("state").asText()).isEqualTo("DELIVERED");
    assertThat(receiver.accepted(path)).hasSize(1);
    assertThat(receiver.accepted(path).get(0).header("X-Unitrace-Kind")).isEqualTo("TEST");

    receiver.failAlways(path);
    JsonNode failed =
        http.postForEntity(
                "/api/admin/notifications/subscriptions/" + id + "/test", null, JsonNode.class)
            .getBody();
    assertThat(failed.path("delivery").path("state").asText()).isEqualTo("DEAD");
    assertThat(failed.path("attempts").get(0).path("status").asInt()).isEqualTo(500);
    receiver.recover(path);

    assertThat(
            http.exchange(
                    "/api/admin/notifications/subscriptions/" + id + "?reason=done",
                    HttpMethod.DELETE,
                    null,
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(
            http.getForEntity("/api/admin/notifications/subscriptions/" + id, String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    hold(line + "-U10", "after the subscription went");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM notification WHERE subject = ?",
                Integer.class,
                line + "-U10"))
        .isZero();
  }

  private long dead(String path) {
    return jdbc.queryForObject(
        """
        SELECT d.id FROM notification_delivery d
          JOIN notification_subscription s ON s.id = d.subscription_id
         WHERE s.target = ?
        """,
        Long.class,
        receiver.url(path));
  }

  private List<String> kinds(String path) {
    List<String> kinds = new ArrayList<>();
    for (WebhookReceiver.Request r : receiver.accepted(path)) {
      try {
        kinds.add(json.readTree(r.body()).path("kind").asText());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return kinds;
  }

  /**
   * Why a subscription x to {@code kind} by {@code channel}, with {@code more} fields in name-value
   * pairs, is refused (a 400).
   */
  private String refused(String kind, String channel, Object... more) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "x");
    body.put("kinds", List.of(kind));
    body.put("channel", channel);
    for (int i = 0; i + 1 < more.length; i += 2) {
      body.put((String) more[i], more[i + 1]);
    }
    ResponseEntity<JsonNode> r =
        http.postForEntity("/api/admin/notifications/subscriptions", body, JsonNode.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    return r.getBody().path("detail").asText();
  }

  private JsonNode subscribe(String path, List<String> kinds, String onLine) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "sub" + path);
    body.put("kinds", kinds);
    body.put("channel", "WEBHOOK");
    body.put("url", receiver.url(path));
    if (onLine != null) {
      body.put("line", onLine);
    }
    ResponseEntity<JsonNode> created =
        http.postForEntity("/api/admin/notifications/subscriptions", body, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().path("secret").asText()).hasSize(64);
    return created.getBody();
  }

  private void hold(String serial, String reason) {
    ResponseEntity<String> held =
        http.postForEntity(
            "/api/units/" + serial + "/hold", Map.of("reason", reason), String.class);
    assertThat(held.getStatusCode()).as(held.getBody()).isEqualTo(HttpStatus.CREATED);
  }

  private JsonNode get(String uri) {
    ResponseEntity<JsonNode> r = http.getForEntity(uri, JsonNode.class);
    assertThat(r.getStatusCode()).as(uri + ": " + r.getBody()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }
}
