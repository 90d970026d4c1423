package org.unitrace.edge.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.BatchResult;
import org.unitrace.contract.EventCodec;
import org.unitrace.edge.config.CoreLink;
import org.unitrace.edge.outbox.MqttForwarder;
import org.unitrace.edge.outbox.Outbox;

/**
 * Drains a large backlog through the core's {@code POST /api/events} batch endpoint, a thousand
 * events a request, while the MQTT forwarder holds back; MQTT takes over again once the backlog is
 * under the threshold. Every event the core answers for (stored, duplicate, or rejected and kept in
 * its dead letters) leaves the outbox; on any other answer nothing leaves and MQTT carries on.
 */
final class HttpDrainer {

  private static final Logger log = LoggerFactory.getLogger(HttpDrainer.class);

  private final CoreLink core;
  private final Outbox outbox;
  private final MqttForwarder forwarder;
  private final EventCodec codec = new EventCodec();
  // HTTP/1.1: no h2c upgrade attempt on a request with a body; a request the core does not answer
  // within 30 s is given up and the batch sent again (the core keeps each event once)
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  HttpDrainer(CoreLink core, Outbox outbox, MqttForwarder forwarder) {
    this.core = core;
    this.outbox = outbox;
    this.forwarder = forwarder;
  }

  /** Drains while the backlog is above the threshold; returns when it is not, or on a failure. */
  void drainIfBehind() {
    if (outbox.pendingCount() <= core.httpDrainThreshold()) {
      return;
    }
    log.info(
        "Backlog above {} events: draining over {}", core.httpDrainThreshold(), core.httpUrl());
    forwarder.pause(true);
    try {
      while (outbox.pendingCount() > core.httpBatchSize() / 2) {
        List<Outbox.Stored> batch = outbox.pendingStored(core.httpBatchSize());
        if (batch.isEmpty() || !post(batch)) {
          return;
        }
      }
    } finally {
      forwarder.pause(false);
    }
  }

  private boolean post(List<Outbox.Stored> batch) {
    // the stored bytes, as they are: a JSON array of the events' own bodies
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(batch.size() * 400 + 2);
    body.write('[');
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        body.write(',');
      }
      body.writeBytes(batch.get(i).body());
    }
    body.write(']');
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(core.httpUrl().replaceAll("/+$", "") + "/api/events"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + core.httpToken())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        log.warn(
            "Core answered {} to a batch of {} events; MQTT carries on: {}",
            response.statusCode(),
            batch.size(),
            response.body().lines().findFirst().orElse(""));
        return false;
      }
      List<UUID> answered = new ArrayList<>(batch.size());
      for (BatchResult result : BatchResult.decode(response.body())) {
        UUID id = batch.get(result.index()).eventId();
        if (result.status() == BatchResult.Status.rejected) {
          log.error(
              "Core rejected event {} ({}): {}; it is in the core's dead letters",
              id,
              result.path(),
              result.reason());
        }
        answered.add(id);
      }
      outbox.markSent(answered);
      return answered.size() == batch.size();
    } catch (IOException e) {
      log.warn(
          "Core at {} not reachable over HTTP ({}); MQTT carries on",
          core.httpUrl(),
          e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
