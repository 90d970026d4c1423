package org.unitrace.edge.serial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Blocks from mes-core's {@code POST /api/serial-blocks}, with the agent's bearer token. */
public final class CoreBlockSource implements BlockSource {

  private final URI endpoint;
  private final String token;
  private final String site;
  private final String line;
  private final String agentId;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public CoreBlockSource(String coreUrl, String token, String site, String line, String agentId) {
    this.endpoint = URI.create(coreUrl.replaceAll("/+$", "") + "/api/serial-blocks");
    this.token = token;
    this.site = site;
    this.line = line;
    this.agentId = agentId;
  }

  @Override
  public Block take(String template, String period, long count) {
    try {
      byte[] body =
          json.writeValueAsBytes(
              Map.of(
                  "site", site,
                  "line", line,
                  "template", template,
                  "period", period,
                  "count", count,
                  "agentId", agentId));
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "%s answered %d for template %s period '%s': %s"
                .formatted(
                    endpoint, answer.statusCode(), template, period, new String(answer.body())));
      }
      JsonNode b = json.readTree(answer.body());
      return new Block(b.path("first").asLong(), b.path("last").asLong());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot reach " + endpoint + " for template " + template + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted asking " + endpoint + " for a block", e);
    }
  }
}
