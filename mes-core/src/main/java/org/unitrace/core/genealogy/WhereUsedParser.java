package org.unitrace.core.genealogy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a {@link WhereUsedQuery} from request parameters: exactly one anchor (the parameter that
 * says which kind of question it is), its companions, and nothing that does not go with it.
 */
final class WhereUsedParser {

  private WhereUsedParser() {}

  private static final String CHOICES =
      "give either componentSerial, or partNumber and lot (loaded=true for the units that passed"
          + " a station while it was loaded), or partNumber with serialFrom and serialTo, or"
          + " materialLoadId, or supplier (optionally with partNumber), or runId, or site and line"
          + " (optionally station or shift, from and to)";

  /** One kind of question: its name in messages, the parameters it takes, how it is built. */
  private record Shape(
      String label, Set<String> allowed, Function<Map<String, String>, WhereUsedQuery> make) {}

  private static final Shape COMPONENT_SERIAL =
      new Shape(
          "component serial",
          Set.of("componentSerial"),
          p -> new WhereUsedQuery.ComponentSerial(p.get("componentSerial")));
  private static final Shape LOT =
      new Shape(
          "lot",
          Set.of("partNumber", "lot", "loaded"),
          p ->
              loaded(p)
                  ? new WhereUsedQuery.LoadedLot(p.get("partNumber"), p.get("lot"))
                  : new WhereUsedQuery.Lot(p.get("partNumber"), p.get("lot")));
  private static final Shape SERIAL_RANGE =
      new Shape(
          "serial range",
          Set.of("partNumber", "serialFrom", "serialTo"),
          p ->
              new WhereUsedQuery.SerialRange(
                  p.get("partNumber"), p.get("serialFrom"), p.get("serialTo")));
  private static final Shape MATERIAL_LOAD =
      new Shape(
          "material load",
          Set.of("materialLoadId"),
          p -> new WhereUsedQuery.MaterialLoad(number("materialLoadId", p.get("materialLoadId"))));
  private static final Shape SUPPLIER =
      new Shape(
          "supplier",
          Set.of("supplier", "partNumber"),
          p -> new WhereUsedQuery.Supplier(p.get("supplier"), p.get("partNumber")));
  private static final Shape RUN =
      new Shape("run", Set.of("runId"), p -> new WhereUsedQuery.Run(p.get("runId")));
  private static final Shape STATION_WINDOW =
      new Shape(
          "station window",
          Set.of("site", "line", "station", "from", "to"),
          window("station", WhereUsedQuery.StationWindow::new));
  private static final Shape LINE_WINDOW =
      new Shape(
          "line window",
          Set.of("site", "line", "shift", "from", "to"),
          window("shift", WhereUsedQuery.LineWindow::new));

  /** A station or line window: site, line, the station or shift, and the bounds. */
  private interface Window {
    WhereUsedQuery of(String site, String line, String which, Instant from, Instant to);
  }

  private static Function<Map<String, String>, WhereUsedQuery> window(String which, Window make) {
    return p ->
        make.of(
            p.get("site"),
            p.get("line"),
            p.get(which),
            instant("from", p.get("from")),
            instant("to", p.get("to")));
  }

  static WhereUsedQuery parse(Map<String, String> raw) {
    Map<String, String> p = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          if (!WhereUsedQuery.PARAMETERS.contains(k)) {
            throw new IllegalArgumentException(
                "unknown parameter '%s' (known: %s)"
                    .formatted(k, String.join(", ", WhereUsedQuery.PARAMETERS)));
          }
          if (v != null && !v.isBlank()) {
            p.put(k, v.strip());
          }
        });
    Shape shape = shapeOf(p);
    for (String k : p.keySet()) {
      if (!shape.allowed().contains(k)) {
        throw new IllegalArgumentException(
            "parameter '%s' does not go with a %s trace; %s".formatted(k, shape.label(), CHOICES));
      }
    }
    return shape.make().apply(p);
  }

  private static Shape shapeOf(Map<String, String> p) {
    List<Shape> anchors = new ArrayList<>();
    if (p.containsKey("componentSerial")) {
      anchors.add(COMPONENT_SERIAL);
    }
    if (p.containsKey("lot")) {
      anchors.add(LOT);
    }
    if (p.containsKey("serialFrom") || p.containsKey("serialTo")) {
      anchors.add(SERIAL_RANGE);
    }
    if (p.containsKey("materialLoadId")) {
      anchors.add(MATERIAL_LOAD);
    }
    if (p.containsKey("supplier")) {
      anchors.add(SUPPLIER);
    }
    if (p.containsKey("runId")) {
      anchors.add(RUN);
    }
    if (p.containsKey("site") || p.containsKey("line") || p.containsKey("station")) {
      anchors.add(p.containsKey("station") ? STATION_WINDOW : LINE_WINDOW);
    }
    if (anchors.size() != 1) {
      throw new IllegalArgumentException(
          "%s (got %s)".formatted(CHOICES, p.isEmpty() ? "nothing" : describe(p)));
    }
    Shape shape = anchors.get(0);
    if (shape == LOT) {
      require(p, "partNumber", "a lot trace needs both partNumber and lot");
    } else if (shape == SERIAL_RANGE) {
      require(p, "partNumber", "a serial-range trace needs partNumber");
      require(p, "serialFrom", "a serial-range trace needs serialFrom and serialTo");
      require(p, "serialTo", "a serial-range trace needs serialFrom and serialTo");
    } else if (shape == STATION_WINDOW || shape == LINE_WINDOW) {
      require(p, "site", "a station or line trace needs site and line");
      require(p, "line", "a station or line trace needs site and line");
    }
    return shape;
  }

  static String describe(Map<String, String> p) {
    return p.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static void require(Map<String, String> p, String name, String why) {
    if (!p.containsKey(name)) {
      throw new IllegalArgumentException(
          "%s: parameter '%s' is missing (got %s)".formatted(why, name, describe(p)));
    }
  }

  private static boolean loaded(Map<String, String> p) {
    String loaded = p.get("loaded");
    if (loaded == null || "false".equalsIgnoreCase(loaded)) {
      return false;
    }
    if ("true".equalsIgnoreCase(loaded)) {
      return true;
    }
    throw new IllegalArgumentException(
        "parameter 'loaded' must be true or false, was '%s'".formatted(loaded));
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value);
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
