package org.unitrace.core.genealogy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a forward trace starts from, as one value: a component serial, a range of component serials
 * of a part, a supplier lot (as bound, or as loaded at stations), one material load, a supplier, a
 * production run, a station over a time window, or a line over a time window (optionally one
 * shift). Built from request parameters; anything ambiguous or incomplete is refused naming the
 * parameter, so a trace never silently answers a different question than the one asked.
 */
public record WhereUsedQuery(
    Kind kind,
    String componentSerial,
    String partNumber,
    String lot,
    String serialFrom,
    String serialTo,
    Long materialLoadId,
    String supplier,
    String runId,
    String site,
    String line,
    String station,
    String shift,
    Instant from,
    Instant to) {

  /** The kinds of starting point; {@link #seedDepth()} is 1 for what goes into a unit. */
  public enum Kind {
    COMPONENT_SERIAL,
    SERIAL_RANGE,
    LOT,
    LOADED_LOT,
    MATERIAL_LOAD,
    SUPPLIER,
    RUN,
    STATION_WINDOW,
    LINE_WINDOW;

    /** 1: the units found contain the thing traced; 0: they are the thing traced. */
    public int seedDepth() {
      return this == RUN || this == STATION_WINDOW || this == LINE_WINDOW ? 0 : 1;
    }
  }

  /** The request parameters a query is made of, in the order {@link #describe()} lists them. */
  public static final List<String> PARAMETERS =
      List.of(
          "componentSerial",
          "partNumber",
          "lot",
          "loaded",
          "serialFrom",
          "serialTo",
          "materialLoadId",
          "supplier",
          "runId",
          "site",
          "line",
          "station",
          "shift",
          "from",
          "to");

  private static final String CHOICES =
      "give either componentSerial, or partNumber and lot (loaded=true for the units that passed"
          + " a station while it was loaded), or partNumber with serialFrom and serialTo, or"
          + " materialLoadId, or supplier (optionally with partNumber), or runId, or site and line"
          + " (optionally station or shift, from and to)";

  public WhereUsedQuery {
    if (kind == null) {
      throw new IllegalArgumentException(CHOICES);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "parameter 'from' (%s) must be before 'to' (%s)".formatted(from, to));
    }
  }

  /** The historical form: a component serial, or a lot of a part number. */
  public WhereUsedQuery(String componentSerial, String partNumber, String lot) {
    this(parse(params("componentSerial", componentSerial, "partNumber", partNumber, "lot", lot)));
  }

  private WhereUsedQuery(WhereUsedQuery q) {
    this(
        q.kind,
        q.componentSerial,
        q.partNumber,
        q.lot,
        q.serialFrom,
        q.serialTo,
        q.materialLoadId,
        q.supplier,
        q.runId,
        q.site,
        q.line,
        q.station,
        q.shift,
        q.from,
        q.to);
  }

  public static WhereUsedQuery ofLot(String partNumber, String lot) {
    return parse(params("partNumber", partNumber, "lot", lot));
  }

  public static WhereUsedQuery ofRun(String runId) {
    return parse(params("runId", runId));
  }

  /**
   * Reads a query from request parameters (blank counts as absent). Unknown parameters, missing
   * companions, parameters that do not fit the kind, and values that do not parse are refused, each
   * naming the parameter.
   */
  public static WhereUsedQuery parse(Map<String, String> raw) {
    Map<String, String> p = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          if (!PARAMETERS.contains(k)) {
            throw new IllegalArgumentException(
                "unknown parameter '%s' (known: %s)".formatted(k, String.join(", ", PARAMETERS)));
          }
          if (v != null && !v.isBlank()) {
            p.put(k, v.strip());
          }
        });
    Kind kind = kindOf(p);
    Set<String> allowed = allowed(kind, p);
    for (String k : p.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            "parameter '%s' does not go with a %s trace; %s".formatted(k, label(kind), CHOICES));
      }
    }
    boolean loaded = "true".equalsIgnoreCase(p.get("loaded"));
    if (p.containsKey("loaded") && !loaded && !"false".equalsIgnoreCase(p.get("loaded"))) {
      throw new IllegalArgumentException(
          "parameter 'loaded' must be true or false, was '%s'".formatted(p.get("loaded")));
    }
    return new WhereUsedQuery(
        kind == Kind.LOT && loaded ? Kind.LOADED_LOT : kind,
        p.get("componentSerial"),
        p.get("partNumber"),
        p.get("lot"),
        p.get("serialFrom"),
        p.get("serialTo"),
        p.containsKey("materialLoadId") ? number("materialLoadId", p.get("materialLoadId")) : null,
        p.get("supplier"),
        p.get("runId"),
        p.get("site"),
        p.get("line"),
        p.get("station"),
        p.get("shift"),
        instant("from", p.get("from")),
        instant("to", p.get("to")));
  }

  private static Kind kindOf(Map<String, String> p) {
    List<Kind> anchors = new ArrayList<>();
    if (p.containsKey("componentSerial")) {
      anchors.add(Kind.COMPONENT_SERIAL);
    }
    if (p.containsKey("lot")) {
      anchors.add(Kind.LOT);
    }
    if (p.containsKey("serialFrom") || p.containsKey("serialTo")) {
      anchors.add(Kind.SERIAL_RANGE);
    }
    if (p.containsKey("materialLoadId")) {
      anchors.add(Kind.MATERIAL_LOAD);
    }
    if (p.containsKey("supplier")) {
      anchors.add(Kind.SUPPLIER);
    }
    if (p.containsKey("runId")) {
      anchors.add(Kind.RUN);
    }
    if (p.containsKey("site") || p.containsKey("line") || p.containsKey("station")) {
      anchors.add(p.containsKey("station") ? Kind.STATION_WINDOW : Kind.LINE_WINDOW);
    }
    if (anchors.size() != 1) {
      throw new IllegalArgumentException(
          "%s (got %s)".formatted(CHOICES, p.isEmpty() ? "nothing" : describe(p)));
    }
    Kind kind = anchors.get(0);
    switch (kind) {
      case LOT -> require(p, "partNumber", "a lot trace needs both partNumber and lot");
      case SERIAL_RANGE -> {
        require(p, "partNumber", "a serial-range trace needs partNumber");
        require(p, "serialFrom", "a serial-range trace needs serialFrom and serialTo");
        require(p, "serialTo", "a serial-range trace needs serialFrom and serialTo");
        if (p.get("serialFrom").compareTo(p.get("serialTo")) > 0) {
          throw new IllegalArgumentException(
              "parameter 'serialFrom' (%s) sorts after 'serialTo' (%s)"
                  .formatted(p.get("serialFrom"), p.get("serialTo")));
        }
      }
      case STATION_WINDOW, LINE_WINDOW -> {
        require(p, "site", "a station or line trace needs site and line");
        require(p, "line", "a station or line trace needs site and line");
      }
      default -> {}
    }
    return kind;
  }

  private static Set<String> allowed(Kind kind, Map<String, String> p) {
    return switch (kind) {
      case COMPONENT_SERIAL -> Set.of("componentSerial");
      case LOT, LOADED_LOT -> Set.of("partNumber", "lot", "loaded");
      case SERIAL_RANGE -> Set.of("partNumber", "serialFrom", "serialTo");
      case MATERIAL_LOAD -> Set.of("materialLoadId");
      case SUPPLIER -> Set.of("supplier", "partNumber");
      case RUN -> Set.of("runId");
      case STATION_WINDOW -> Set.of("site", "line", "station", "from", "to");
      case LINE_WINDOW -> Set.of("site", "line", "shift", "from", "to");
    };
  }

  /** The query in words, as stored with a recall: {@code name=value} pairs. */
  public String describe() {
    return describe(asParameters());
  }

  /** The query as URL query parameters, for a link that fetches the same set. */
  public String toQueryString() {
    return asParameters().entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The query as request parameters (those set), in {@link #PARAMETERS} order. */
  public Map<String, String> asParameters() {
    return params(
        "componentSerial", componentSerial,
        "partNumber", partNumber,
        "lot", lot,
        "loaded", kind == Kind.LOADED_LOT ? "true" : null,
        "serialFrom", serialFrom,
        "serialTo", serialTo,
        "materialLoadId", materialLoadId == null ? null : materialLoadId.toString(),
        "supplier", supplier,
        "runId", runId,
        "site", site,
        "line", line,
        "station", station,
        "shift", shift,
        "from", from == null ? null : from.toString(),
        "to", to == null ? null : to.toString());
  }

  private static String describe(Map<String, String> p) {
    return p.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static Map<String, String> params(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        m.put(pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }

  private static void require(Map<String, String> p, String name, String why) {
    if (!p.containsKey(name)) {
      throw new IllegalArgumentException(
          "%s: parameter '%s' is missing (got %s)".formatted(why, name, describe(p)));
    }
  }

  private static String label(Kind kind) {
    return kind.name().toLowerCase().replace('_', ' ');
  }

  private static Long number(String name, String value) {
    try {
      return Long.valueOf(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter '%s' must be a whole number, was '%s'".formatted(name, value));
    }
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "parameter '%s' must be an ISO-8601 instant such as 2026-10-01T06:00:00Z, was '%s'"
              .formatted(name, value));
    }
  }
}
