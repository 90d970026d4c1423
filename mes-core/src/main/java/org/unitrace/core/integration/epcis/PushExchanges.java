package org.unitrace.core.integration.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import org.unitrace.core.epcis.ShipmentEpcis;

/**
 * What one exchange with a partner means: builds the request for a job (the shipment's document to
 * capture, or the question after an accepted capture), and records the answer on the job. A
 * document the partner accepted is never posted again while its capture runs or after it succeeded;
 * it goes again only when the partner says the capture failed and, with {@code rollback}, stored
 * none of it.
 */
@Component
@RequiredArgsConstructor
class PushExchanges {

  static final String SKIP = "epcisSkip";
  private static final String JOB = "epcisJob";
  private static final String KIND = "epcisKind";
  private static final String URL = "epcisUrl";
  private static final int SNIPPET = 1000;

  private final PushJobs jobs;
  private final Partners partners;
  private final ShipmentEpcis epcis;
  private final ObjectMapper json;

  void request(Exchange e) throws JsonProcessingException {
    PushJobs.Job job = e.getMessage().getBody(PushJobs.Job.class);
    e.setProperty(JOB, job);
    Message m = e.getMessage();
    m.getHeaders().clear();
    Optional<Partners.Endpoint> endpoint = partners.endpoint(job.partner());
    String authorization = endpoint.map(Partners.Endpoint::authorization).orElse(null);
    if (authorization != null) {
      m.setHeader("Authorization", authorization);
    }
    m.setHeader("Accept", "application/json, application/problem+json");
    m.setHeader("GS1-EPCIS-Version", "2.0.0");
    if (job.captureId() == null) {
      String url = endpoint.map(Partners.Endpoint::captureUrl).orElse(null);
      e.setProperty(KIND, "CAPTURE");
      if (url == null) {
        skip(e, job, "partner '%s' has no capture URL".formatted(job.partner()));
        return;
      }
      ShipmentEpcis.Shipment shipment = epcis.find(job.shipmentId()).orElse(null);
      if (shipment == null) {
        jobs.failed(job, "CAPTURE", null, "shipment " + job.shipmentId() + " no longer exists");
        e.setProperty(SKIP, true);
        e.setProperty("epcisSkipReason", "shipment " + job.shipmentId() + " is gone");
        return;
      }
      boolean commissioning = partners.get(job.partner()).includeCommissioning();
      m.setBody(json.writeValueAsString(epcis.document(epcis.events(shipment, commissioning))));
      m.setHeader(Exchange.HTTP_METHOD, "POST");
      m.setHeader(Exchange.CONTENT_TYPE, "application/json");
      // nothing of a failed capture is stored, so sending it again later cannot double anything
      m.setHeader("GS1-Capture-Error-Behaviour", "rollback");
      m.setHeader(Exchange.HTTP_URI, url);
      e.setProperty(URL, url);
    } else {
      e.setProperty(KIND, "STATUS");
      m.setBody(null);
      m.setHeader(Exchange.HTTP_METHOD, "GET");
      m.setHeader(Exchange.HTTP_URI, job.statusUrl());
      e.setProperty(URL, job.statusUrl());
    }
  }

  void answered(Exchange e) {
    PushJobs.Job job = e.getProperty(JOB, PushJobs.Job.class);
    String url = e.getProperty(URL, String.class);
    Message m = e.getMessage();
    int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    String body = m.getBody(String.class);
    if ("CAPTURE".equals(e.getProperty(KIND, String.class))) {
      captureAnswered(job, url, status, m.getHeader("Location", String.class), body);
    } else {
      statusAnswered(job, url, status, body);
    }
  }

  void unreachable(Exchange e) {
    PushJobs.Job job = e.getProperty(JOB, PushJobs.Job.class);
    Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    String kind = e.getProperty(KIND, "CAPTURE", String.class);
    String url = e.getProperty(URL, String.class);
    String why =
        cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (job == null) {
      throw new IllegalStateException("an EPCIS push exchange failed before it had a job: " + why);
    }
    jobs.retryLater(
        job,
        kind,
        null,
        url == null ? "not sent" : "partner unreachable",
        url == null ? "could not prepare the request: " + why : "cannot reach " + url + ": " + why,
        false);
  }

  private void captureAnswered(
      PushJobs.Job job, String url, int status, String location, String body) {
    if (status == 202) {
      if (location == null || location.isBlank()) {
        jobs.failed(
            job,
            "CAPTURE",
            status,
            "partner accepted the document (202) without a Location header, so its capture job"
                + " cannot be followed; it is not sent again unless an admin retries the job");
        return;
      }
      URI statusUrl = URI.create(url).resolve(location.strip());
      String path = statusUrl.getPath();
      String captureId =
          URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
      jobs.accepted(job, status, captureId, statusUrl.toString());
    } else if (status >= 200 && status < 300) {
      jobs.succeeded(
          job, "CAPTURE", status, "partner captured the document at once (HTTP " + status + ")");
    } else if (transient_(status)) {
      jobs.retryLater(
          job, "CAPTURE", status, "partner answered HTTP " + status, problem(body), false);
    } else {
      jobs.failed(
          job,
          "CAPTURE",
          status,
          "partner refused the document with HTTP %d: %s".formatted(status, problem(body)));
    }
  }

  private void statusAnswered(PushJobs.Job job, String url, int status, String body) {
    if (status == 404) {
      jobs.statusMissing(
          job,
          status,
          "partner does not know capture job %s at %s".formatted(job.captureId(), url));
      return;
    }
    if (status != 200) {
      jobs.retryLater(
          job, "STATUS", status, "partner answered HTTP " + status, problem(body), false);
      return;
    }
    JsonNode report;
    try {
      report = json.readTree(body == null ? "" : body);
    } catch (JsonProcessingException ex) {
      report = null;
    }
    if (report == null || !report.path("running").isBoolean()) {
      jobs.retryLater(
          job,
          "STATUS",
          status,
          "unreadable status",
          "capture job %s: no boolean 'running' in %s".formatted(job.captureId(), snippet(body)),
          false);
      return;
    }
    if (report.path("running").asBoolean()) {
      jobs.running(job, status);
    } else if (report.path("success").asBoolean(false)) {
      jobs.succeeded(job, "STATUS", status, "capture job " + job.captureId() + " succeeded");
    } else if ("proceed".equals(report.path("captureErrorBehaviour").asText())) {
      jobs.failed(
          job,
          "STATUS",
          status,
          ("capture job %s failed and the partner proceeded with what it could store, so sending"
                  + " the document again could double events; errors: %s")
              .formatted(job.captureId(), snippet(report.path("errors").toString())));
    } else {
      jobs.retryLater(
          job,
          "STATUS",
          status,
          "capture failed",
          "capture job %s failed and the partner stored none of it (rollback); errors: %s"
              .formatted(job.captureId(), snippet(report.path("errors").toString())),
          true);
    }
  }

  /** Worth another try: the partner is down, busy, or not yet set up for us. */
  private static boolean transient_(int status) {
    return status >= 500
        || status == 401
        || status == 403
        || status == 404
        || status == 408
        || status == 429;
  }

  private void skip(Exchange e, PushJobs.Job job, String why) {
    jobs.retryLater(job, "CAPTURE", null, "not sent", why, false);
    e.setProperty(SKIP, true);
    e.setProperty("epcisSkipReason", why);
  }

  /** A problem body's title and detail, else the start of the body. */
  private String problem(String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    try {
      JsonNode p = json.readTree(body);
      if (p.hasNonNull("detail") || p.hasNonNull("title")) {
        return (p.path("type").asText("")
                + " "
                + p.path("title").asText("")
                + ": "
                + p.path("detail").asText(""))
            .strip();
      }
    } catch (JsonProcessingException ignored) {
      // not JSON: shown as it came
    }
    return snippet(body);
  }

  private static String snippet(String s) {
    if (s == null) {
      return "(none)";
    }
    return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "...";
  }
}
