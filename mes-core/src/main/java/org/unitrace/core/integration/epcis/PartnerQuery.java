package org.unitrace.core.integration.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * The EPCIS 2.0 query parameters a partner may give to {@code GET /epcis/events}, read from the
 * query string as the REST binding writes them (several values separated by {@code |}), and matched
 * against an event. An unknown or unsupported parameter, or a value that is not what its name
 * needs, is a {@link QueryParameterException} naming it.
 */
record PartnerQuery(
    Predicate<JsonNode> filter,
    Instant geRecordTime,
    Instant ltRecordTime,
    int perPage,
    String nextPageToken,
    String fingerprint) {

  static final int DEFAULT_PER_PAGE = 100;
  static final int MAX_PER_PAGE = 1000;

  static final Set<String> SUPPORTED =
      Set.of(
          "eventType",
          "GE_eventTime",
          "LT_eventTime",
          "GE_recordTime",
          "LT_recordTime",
          "EQ_action",
          "EQ_bizStep",
          "EQ_disposition",
          "EQ_readPoint",
          "EQ_bizLocation",
          "EQ_eventID",
          "MATCH_epc",
          "MATCH_parentID",
          "MATCH_anyEPC",
          "perPage",
          "nextPageToken");

  /** Thrown for a parameter the query cannot take; the standard's QueryParameterException. */
  static final class QueryParameterException extends RuntimeException {
    private final String parameter;

    QueryParameterException(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    String parameter() {
      return parameter;
    }
  }

  static PartnerQuery parse(MultiValueMap<String, String> params) {
    Map<String, String> one = new TreeMap<>();
    for (var entry : params.entrySet()) {
      String name = entry.getKey();
      if (!SUPPORTED.contains(name)) {
        throw new QueryParameterException(
            name,
            "query parameter '%s' is not supported by this EPCIS query interface (supported: %s)"
                .formatted(name, String.join(", ", new java.util.TreeSet<>(SUPPORTED))));
      }
      if (entry.getValue().size() > 1) {
        throw new QueryParameterException(
            name,
            "query parameter '%s' is given %d times; give it once (several values separated by '|')"
                .formatted(name, entry.getValue().size()));
      }
      String value = entry.getValue().get(0);
      if (value == null || value.isBlank()) {
        throw new QueryParameterException(
            name, "query parameter '%s' has no value".formatted(name));
      }
      one.put(name, value.strip());
    }
    List<Predicate<JsonNode>> all = new ArrayList<>();
    list(one, "eventType").ifPresent(v -> all.add(e -> v.contains(e.path("type").asText())));
    time(one, "GE_eventTime").ifPresent(t -> all.add(e -> !eventTime(e).isBefore(t)));
    time(one, "LT_eventTime").ifPresent(t -> all.add(e -> eventTime(e).isBefore(t)));
    list(one, "EQ_action").ifPresent(v -> all.add(e -> v.contains(e.path("action").asText())));
    list(one, "EQ_bizStep")
        .map(v -> v.stream().map(s -> bare(s, "bizstep", "BizStep")).toList())
        .ifPresent(
            v ->
                all.add(
                    e ->
                        e.has("bizStep")
                            && v.contains(bare(e.path("bizStep").asText(), "bizstep", "BizStep"))));
    list(one, "EQ_disposition")
        .map(v -> v.stream().map(s -> bare(s, "disp", "Disp")).toList())
        .ifPresent(
            v ->
                all.add(
                    e ->
                        e.has("disposition")
                            && v.contains(bare(e.path("disposition").asText(), "disp", "Disp"))));
    list(one, "EQ_readPoint")
        .ifPresent(v -> all.add(e -> v.contains(e.path("readPoint").path("id").asText(null))));
    list(one, "EQ_bizLocation")
        .ifPresent(v -> all.add(e -> v.contains(e.path("bizLocation").path("id").asText(null))));
    list(one, "EQ_eventID").ifPresent(v -> all.add(e -> v.contains(e.path("eventID").asText())));
    patterns(one, "MATCH_epc").ifPresent(p -> all.add(e -> any(p, e, "epcList", "childEPCs")));
    patterns(one, "MATCH_parentID").ifPresent(p -> all.add(e -> any(p, e, "parentID")));
    patterns(one, "MATCH_anyEPC")
        .ifPresent(
            p ->
                all.add(
                    e ->
                        any(
                            p,
                            e,
                            "epcList",
                            "childEPCs",
                            "parentID",
                            "inputEPCList",
                            "outputEPCList")));
    int perPage = DEFAULT_PER_PAGE;
    if (one.containsKey("perPage")) {
      try {
        perPage = Integer.parseInt(one.get("perPage"));
      } catch (NumberFormatException e) {
        perPage = 0;
      }
      if (perPage < 1) {
        throw new QueryParameterException(
            "perPage",
            "perPage must be a positive whole number, was '%s'".formatted(one.get("perPage")));
      }
      perPage = Math.min(perPage, MAX_PER_PAGE);
    }
    Map<String, String> asked = new TreeMap<>(one);
    asked.remove("perPage");
    asked.remove("nextPageToken");
    return new PartnerQuery(
        e -> all.stream().allMatch(p -> p.test(e)),
        time(one, "GE_recordTime").orElse(null),
        time(one, "LT_recordTime").orElse(null),
        perPage,
        one.get("nextPageToken"),
        fingerprint(asked.toString()));
  }

  private static java.util.Optional<List<String>> list(Map<String, String> p, String name) {
    return java.util.Optional.ofNullable(p.get(name)).map(v -> Arrays.asList(v.split("\\|")));
  }

  private static java.util.Optional<Instant> time(Map<String, String> p, String name) {
    String v = p.get(name);
    if (v == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(OffsetDateTime.parse(v).toInstant());
    } catch (DateTimeParseException e) {
      throw new QueryParameterException(
          name,
          "%s must be a date-time with offset (e.g. 2026-12-01T00:00:00Z), was '%s'"
              .formatted(name, v));
    }
  }

  private static java.util.Optional<List<Pattern>> patterns(Map<String, String> p, String name) {
    return list(p, name).map(v -> v.stream().map(PartnerQuery::epcPattern).toList());
  }

  /** An EPC, or a pattern ({@code urn:epc:idpat:...} or any value with {@code *}). */
  static Pattern epcPattern(String value) {
    String v = value.replace(":idpat:", ":id:");
    String[] parts = v.split("\\*", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }

  private static boolean any(List<Pattern> patterns, JsonNode e, String... fields) {
    for (String f : fields) {
      JsonNode n = e.path(f);
      List<String> values = new ArrayList<>();
      if (n.isArray()) {
        n.forEach(x -> values.add(x.asText()));
      } else if (n.isTextual()) {
        values.add(n.asText());
      }
      for (String value : values) {
        for (Pattern p : patterns) {
          if (p.matcher(value).matches()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Instant eventTime(JsonNode e) {
    return OffsetDateTime.parse(e.path("eventTime").asText()).toInstant();
  }

  /** A CBV value as its bare word, from a bare word, a URN or a Web URI. */
  static String bare(String value, String urnKind, String webKind) {
    String urn = "urn:epcglobal:cbv:" + urnKind + ":";
    String web = "https://ref.gs1.org/cbv/" + webKind + "-";
    if (value.startsWith(urn)) {
      return value.substring(urn.length());
    }
    if (value.startsWith(web)) {
      return value.substring(web.length());
    }
    return value;
  }

  private static String fingerprint(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
