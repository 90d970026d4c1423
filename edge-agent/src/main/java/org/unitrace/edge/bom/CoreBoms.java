package org.unitrace.edge.bom;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.edge.state.AgentState;
import org.unitrace.line.DaemonThreads;

/**
 * BOMs from mes-core's {@code GET /api/products/{pn}/revisions/{rev}/bom} with the agent's token,
 * kept in the agent's store so a restart without the core still checks parts. A lookup never waits
 * for the network: the first lookup of a revision starts a fetch and answers empty until it is in.
 */
public final class CoreBoms implements BomLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CoreBoms.class);

  private final String coreUrl;
  private final String token;
  private final AgentState store;
  private final Map<String, Bom> cache = new ConcurrentHashMap<>();
  private final Map<String, Boolean> fetching = new ConcurrentHashMap<>();
  private final ObjectMapper json =
      new ObjectMapper()
          .findAndRegisterModules()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService fetcher =
      Executors.newSingleThreadExecutor(DaemonThreads.named("bom-fetch"));

  public CoreBoms(String coreUrl, String token, AgentState store) {
    this.coreUrl = coreUrl == null ? null : coreUrl.replaceAll("/+$", "");
    this.token = token;
    this.store = store;
    store
        .load(AgentState.Kind.BOM)
        .forEach(
            (revision, saved) -> {
              try {
                cache.put(revision, json.readValue(saved, Bom.class));
              } catch (IOException e) {
                log.warn("Stored BOM {} unreadable, fetched again: {}", revision, e.getMessage());
              }
            });
  }

  @Override
  public Optional<Bom> bom(String partNumber, String revision) {
    String key = partNumber + "/" + revision;
    Bom bom = cache.get(key);
    if (bom == null && coreUrl != null && fetching.putIfAbsent(key, true) == null) {
      fetcher.execute(() -> fetch(partNumber, revision, key));
    }
    return Optional.ofNullable(bom);
  }

  private void fetch(String partNumber, String revision, String key) {
    URI uri =
        URI.create(
            coreUrl
                + "/api/products/"
                + URLEncoder.encode(partNumber, StandardCharsets.UTF_8)
                + "/revisions/"
                + URLEncoder.encode(revision, StandardCharsets.UTF_8)
                + "/bom");
    try {
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) {
        log.warn(
            "No BOM for {} rev {} from {} ({}): parts at its stations are not checked until there is one",
            partNumber,
            revision,
            uri,
            answer.statusCode());
        return;
      }
      Bom bom = json.readValue(answer.body(), Bom.class);
      cache.put(key, bom);
      store.save(AgentState.Kind.BOM, key, json.writeValueAsString(bom));
      log.info("BOM of {} rev {}: {} positions", partNumber, revision, bom.items().size());
    } catch (IOException e) {
      log.warn(
          "Cannot fetch the BOM of {} rev {} from {}: {}",
          partNumber,
          revision,
          uri,
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      fetching.remove(key);
    }
  }

  @Override
  public void close() {
    fetcher.shutdownNow();
  }
}
