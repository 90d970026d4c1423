package org.unitrace.edge.agent;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.edge.station.Unbinding;

/**
 * What an operator terminal at the line does through the agent: a scan typed or wedged in by a
 * keyboard scanner, a component taken out for rework, a reel or bin taken off a station. Open to
 * the agent's own machine; from elsewhere only with {@code UNITRACE_EDGE_OPERATOR_TOKEN} as bearer.
 */
@RestController
class StationController {

  private final EdgeAgent agent;
  private final String token;

  StationController(EdgeAgent agent, @Value("${UNITRACE_EDGE_OPERATOR_TOKEN:}") String token) {
    this.agent = agent;
    this.token = token;
  }

  record Scan(String label) {}

  record Unload(String slot, BigDecimal remainingQuantity) {}

  @PostMapping("/api/stations/{station}/scans")
  ResponseEntity<Void> scan(
      @PathVariable String station, @RequestBody Scan scan, HttpServletRequest request) {
    allowed(request);
    require(scan.label(), "label");
    agent.labelScanned(station, scan.label());
    return ResponseEntity.accepted().build();
  }

  @PostMapping("/api/stations/{station}/unbind")
  ResponseEntity<Void> unbind(
      @PathVariable String station, @RequestBody Unbinding body, HttpServletRequest request) {
    allowed(request);
    require(body.unitSerial(), "unitSerial");
    require(body.partNumber(), "partNumber");
    agent.unbind(station, body);
    return ResponseEntity.accepted().build();
  }

  @PostMapping("/api/stations/{station}/unload")
  ResponseEntity<Void> unload(
      @PathVariable String station, @RequestBody Unload body, HttpServletRequest request) {
    allowed(request);
    require(body.slot(), "slot");
    agent.unload(station, body.slot(), body.remainingQuantity());
    return ResponseEntity.accepted().build();
  }

  @GetMapping("/api/stations/{station}/loaded")
  Map<String, String> loaded(@PathVariable String station) {
    return agent.inspect(l -> l.loaded(station));
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
  }

  private void allowed(HttpServletRequest request) {
    String auth = request.getHeader("Authorization");
    if (!token.isEmpty()
        && auth != null
        && MessageDigest.isEqual(
            auth.getBytes(StandardCharsets.UTF_8),
            ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
      return;
    }
    try {
      if (InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
        return;
      }
    } catch (UnknownHostException e) {
      // not an address: refused below
    }
    throw new SecurityException(
        "operator actions come from this machine, or with UNITRACE_EDGE_OPERATOR_TOKEN as bearer");
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, String>> bad(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }

  @ExceptionHandler(SecurityException.class)
  ResponseEntity<Map<String, String>> refused(SecurityException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", e.getMessage()));
  }
}
