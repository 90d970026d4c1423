package org.unitrace.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;

/** The request bodies, clients and status checks the integration tests share for the REST API. */
public final class Rest {

  private static final EventCodec CODEC = new EventCodec();

  private Rest() {}

  /** The answer's body, once its status is 201 Created. */
  public static JsonNode created(ResponseEntity<JsonNode> response) {
    assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.CREATED);
    return response.getBody();
  }

  /** The answer's body, once its status is a success. */
  public static JsonNode ok(ResponseEntity<JsonNode> response) {
    assertThat(response.getStatusCode().is2xxSuccessful()).as("%s", response.getBody()).isTrue();
    return response.getBody();
  }

  /** The {@code detail} of a problem answer: what the API says went wrong. */
  public static String detail(ResponseEntity<JsonNode> problem) {
    return problem.getBody().path("detail").asText();
  }

  /** {@code batch} as the JSON array an agent posts to {@code /api/events}. */
  public static HttpEntity<String> events(List<Event> batch) {
    String body = "[" + String.join(",", batch.stream().map(CODEC::encodeToString).toList()) + "]";
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  /** {@code csv} as a {@code text/csv} upload. */
  public static HttpEntity<String> csv(String csv) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv"));
    return new HttpEntity<>(csv, headers);
  }

  /** A client for the same server as {@code like} that sends {@code token} as a bearer token. */
  public static TestRestTemplate bearer(TestRestTemplate like, String token) {
    TestRestTemplate client = new TestRestTemplate();
    client.setUriTemplateHandler(like.getRestTemplate().getUriTemplateHandler());
    client
        .getRestTemplate()
        .getInterceptors()
        .add(
            (request, bytes, execution) -> {
              request.getHeaders().setBearerAuth(token);
              return execution.execute(request, bytes);
            });
    return client;
  }
}
