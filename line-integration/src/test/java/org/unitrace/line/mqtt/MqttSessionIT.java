package org.unitrace.line.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session layer against the real test Mosquitto ({@code UNITRACE_MQTT_URL}, as .ci/run starts
 * it): acknowledgements in the order received, and the adoption of another client's session.
 */
class MqttSessionIT {

  private static final String URL =
      System.getenv().getOrDefault("UNITRACE_MQTT_URL", "tcp://127.0.0.1:1884");

  private final String topic = "unitrace-test/session-it/" + UUID.randomUUID();
  private final String clientId = "session-it-" + UUID.randomUUID();
  private final List<MqttSession> sessions = new ArrayList<>();

  @AfterEach
  void endSessions() {
    sessions.forEach(MqttSession::end);
  }

  @Test
  void aMessageFinishedBeforeAnEarlierOneIsNotAcknowledgedUntilThatOneIs() throws Exception {
    MqttSession publisher = publisher();
    BlockingQueue<MqttSession.Message> first = new LinkedBlockingQueue<>();
    MqttSession crashing = subscriber(MqttEndpoint.of(URL, clientId), first);
    publish(publisher, "1", "2", "3");
    take(first);
    MqttSession.Message two = take(first);
    MqttSession.Message three = take(first);
    crashing.ack(three);
    crashing.ack(two); // both wait for "1", which is never finished on this connection
    crashing.stop(true); // a clean disconnect: any PUBACK sent would reach the broker

    BlockingQueue<MqttSession.Message> second = new LinkedBlockingQueue<>();
    MqttSession resumed = subscriber(MqttEndpoint.of(URL, clientId), second);
    List<MqttSession.Message> again = List.of(take(second), take(second), take(second));
    assertThat(texts(again)).containsExactly("1", "2", "3");

    // finished out of order on the new connection: all three are acknowledged, in order
    resumed.ack(again.get(2));
    resumed.ack(again.get(0));
    resumed.ack(again.get(1));
    resumed.stop(true);
    nextIsNew(publisher, "4", "a redelivery would come before the new message");
  }

  @Test
  void anAdoptedSessionGetsWhatTheBrokerKeptForTheOtherClientAndNothingNew() throws Exception {
    MqttSession publisher = publisher();
    BlockingQueue<MqttSession.Message> died = new LinkedBlockingQueue<>();
    MqttSession dead = subscriber(MqttEndpoint.of(URL, clientId), died);
    publish(publisher, "in flight 1", "in flight 2");
    take(died);
    take(died);
    dead.stop(false); // as kill -9: nothing acknowledged
    publish(publisher, "queued 3");

    BlockingQueue<MqttSession.Message> adopted = new LinkedBlockingQueue<>();
    MqttSession adopter =
        new MqttSession(
                MqttEndpoint.of(URL, "adopter-" + clientId).withClientId(clientId),
                "adopter",
                collect(adopted))
            .manualAcks()
            .unsubscribe(topic);
    sessions.add(adopter);
    assertThat(adopter.connectNow()).as(adopter.problem()).isTrue();
    List<MqttSession.Message> drained = List.of(take(adopted), take(adopted), take(adopted));
    assertThat(texts(drained)).containsExactly("in flight 1", "in flight 2", "queued 3");
    adopter.ack(drained.get(2));
    adopter.ack(drained.get(1));
    adopter.ack(drained.get(0));

    // unsubscribed: what is published now reaches another subscriber, never the adopted session
    BlockingQueue<MqttSession.Message> other = new LinkedBlockingQueue<>();
    subscriber(MqttEndpoint.of(URL, "other-" + clientId), other);
    publish(publisher, "new 4");
    assertThat(texts(List.of(take(other)))).containsExactly("new 4");
    adopter.end();
    assertThat(adopted).isEmpty();
  }

  /**
   * A handler that throws leaves its message unacknowledged: the session replaces the connection
   * (Paho only ends its callback thread) and the broker delivers the message again on the next.
   */
  @Test
  void aMessageTheHandlerFailsOnComesAgainOnTheNextConnection() throws Exception {
    MqttSession publisher = publisher();
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    AtomicInteger attempts = new AtomicInteger();
    MqttSession failingOnce =
        connected(
            "failing once",
            message -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("cannot store it now");
              }
              handled.add(new String(message.payload(), StandardCharsets.UTF_8));
            });
    publish(publisher, "1");
    assertThat(handled.poll(20, TimeUnit.SECONDS)).as("delivered again and handled").isEqualTo("1");
    assertThat(attempts.get()).isEqualTo(2);
    // the PUBACK goes out once the handler has returned, just after it handed "1" over: a stop
    // at once can beat it, and the broker then rightly delivers "1" again
    TimeUnit.MILLISECONDS.sleep(300);
    failingOnce.stop(true);
    nextIsNew(publisher, "2", "handled the second time, it was acknowledged");
  }

  @Test
  void aHandlerThatKeepsFailingIsAskedAgainAfterLongerAndLongerPauses() throws Exception {
    MqttSession publisher = publisher();
    BlockingQueue<Long> attempts = new LinkedBlockingQueue<>();
    connected(
        "failing thrice",
        message -> {
          attempts.add(System.nanoTime());
          if (attempts.size() <= 3) {
            throw new IllegalStateException("disk full");
          }
        });
    publish(publisher, "1");
    List<Long> at = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Long t = attempts.poll(20, TimeUnit.SECONDS);
      assertThat(t).as("attempt %d", i + 1).isNotNull();
      at.add(t);
    }
    // half a second after the first failure, then twice as long each time
    assertThat(TimeUnit.NANOSECONDS.toMillis(at.get(1) - at.get(0))).isGreaterThanOrEqualTo(500);
    assertThat(TimeUnit.NANOSECONDS.toMillis(at.get(2) - at.get(1))).isGreaterThanOrEqualTo(1_000);
    assertThat(TimeUnit.NANOSECONDS.toMillis(at.get(3) - at.get(2))).isGreaterThanOrEqualTo(2_000);
  }

  /**
   * A session of the test's client id on its topic, connected, whose messages go to {@code handle}.
   */
  private MqttSession connected(String name, Arrival handle) {
    MqttSession s =
        new MqttSession(
                MqttEndpoint.of(URL, clientId),
                name,
                new MqttSession.Handler() {
                  @Override
                  public void message(MqttSession.Message message) {
                    handle.arrived(message);
                  }
                })
            .subscribe(topic, 1);
    sessions.add(s);
    assertThat(s.connectNow()).as(s.problem()).isTrue();
    return s;
  }

  private interface Arrival {
    void arrived(MqttSession.Message message);
  }

  private MqttSession publisher() {
    MqttSession publisher =
        new MqttSession(
            MqttEndpoint.of(URL, "pub-" + clientId).withSessionExpiry(Duration.ZERO),
            "publisher",
            new MqttSession.Handler() {});
    sessions.add(publisher);
    assertThat(publisher.connectNow()).as(publisher.problem()).isTrue();
    return publisher;
  }

  private MqttSession subscriber(MqttEndpoint endpoint, BlockingQueue<MqttSession.Message> into) {
    MqttSession s =
        new MqttSession(endpoint, "subscriber", collect(into)).manualAcks().subscribe(topic, 1);
    sessions.add(s);
    assertThat(s.connectNow()).as(s.problem()).isTrue();
    return s;
  }

  private static MqttSession.Handler collect(BlockingQueue<MqttSession.Message> into) {
    return new MqttSession.Handler() {
      @Override
      public void message(MqttSession.Message message) {
        into.add(message);
      }
    };
  }

  /** Publishes QoS 1 and waits for each PUBACK, so the broker holds the messages in this order. */
  private void publish(MqttSession publisher, String... texts) throws InterruptedException {
    for (String text : texts) {
      BlockingQueue<Integer> answer = new LinkedBlockingQueue<>();
      publisher.publish(
          topic,
          text.getBytes(StandardCharsets.UTF_8),
          1,
          false,
          new MqttSession.Delivery() {
            @Override
            public void acknowledged(int reasonCode) {
              answer.add(reasonCode);
            }

            @Override
            public void failed(Throwable cause) {
              answer.add(-1);
            }
          });
      assertThat(answer.poll(30, TimeUnit.SECONDS)).as("PUBACK for " + text).isZero();
    }
  }

  /**
   * The session's next client is given {@code text}, published now, first: nothing the session had
   * was left unacknowledged.
   */
  private void nextIsNew(MqttSession publisher, String text, String why)
      throws InterruptedException {
    BlockingQueue<MqttSession.Message> next = new LinkedBlockingQueue<>();
    subscriber(MqttEndpoint.of(URL, clientId), next);
    publish(publisher, text);
    assertThat(texts(List.of(take(next)))).as(why).containsExactly(text);
  }

  private static MqttSession.Message take(BlockingQueue<MqttSession.Message> from)
      throws InterruptedException {
    MqttSession.Message m = from.poll(30, TimeUnit.SECONDS);
    assertThat(m).as("a message within 30 s").isNotNull();
    return m;
  }

  private static List<String> texts(List<MqttSession.Message> messages) {
    return messages.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
  }
}
