package org.unitrace.sim.load;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.unitrace.contract.EventCodec;

/**
 * Measures HTTP batch ingestion: {@code clients} threads each post their share of the events to
 * {@code POST /api/events} in batches, one request at a time per client, with an API token. The
 * bodies are made before the clock starts (the load generator's own JSON work is not timed); the
 * clock stops when the last answer is in, and every answer comes after its batch has committed.
 *
 * <p>Arguments: {@code baseUrl token events clients batchSize}.
 */
public final class IngestHttpLoad {

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: IngestHttpLoad <baseUrl> <token> <events> <clients> <batchSize>");
      System.exit(2);
    }
    URI events = URI.create(args[0] + "/api/events");
    String token = args[1];
    int total = Integer.parseInt(args[2]);
    int clients = Integer.parseInt(args[3]);
    int batchSize = Integer.parseInt(args[4]);

    List<List<byte[]>> bodies = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int count = total / clients + (c < total % clients ? 1 : 0);
      bodies.add(bodies(c, count, batchSize));
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AtomicLong stored = new AtomicLong();
    AtomicLong other = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (List<byte[]> mine : bodies) {
      Thread t =
          new Thread(
              () -> {
                for (byte[] body : mine) {
                  post(http, events, token, body, stored, other);
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "http: events=%d clients=%d batch=%d stored=%d not stored=%d in %.2f s: %.0f events/s%n",
        total, clients, batchSize, stored.get(), other.get(), seconds, stored.get() / seconds);
    if (stored.get() != total) {
      System.exit(1);
    }
  }

  private static List<byte[]> bodies(int client, int count, int batchSize) {
    EventCodec codec = new EventCodec();
    String agent = "bench-http-" + client + "-" + UUID.randomUUID().toString().substring(0, 8);
    IngestLoad.Mix mix = new IngestLoad.Mix("AKL", "H" + client, agent);
    List<byte[]> bodies = new ArrayList<>();
    for (int done = 0; done < count; ) {
      int n = Math.min(batchSize, count - done);
      ByteArrayOutputStream body = new ByteArrayOutputStream(n * 600);
      body.write('[');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          body.write(',');
        }
        body.writeBytes(codec.encode(mix.next()));
      }
      body.write(']');
      bodies.add(body.toByteArray());
      done += n;
    }
    return bodies;
  }

  private static void post(
      HttpClient http, URI uri, String token, byte[] body, AtomicLong stored, AtomicLong other) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofMinutes(2))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "POST /api/events answered " + response.statusCode() + ": " + response.body());
      }
      long ok = count(response.body(), "\"status\":\"stored\"");
      stored.addAndGet(ok);
      other.addAndGet(count(response.body(), "\"status\":") - ok);
    } catch (Exception e) {
      throw new IllegalStateException("posting a batch failed", e);
    }
  }

  private static long count(String text, String needle) {
    long n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
