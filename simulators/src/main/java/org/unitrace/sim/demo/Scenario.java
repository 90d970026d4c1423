package org.unitrace.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo plant's scenario ({@code simulators/scenarios/demo.yml}): the site, its lines with
 * products, cycle times, NOK rates, marker faults and lot changes, the faulty lot, and the
 * warehouse's shipping rate. Wrong values fail with the key that holds them.
 */
public record Scenario(
    String site, String serialTemplate, List<Line> lines, String faultyLot, Logistics logistics) {

  public record Product(String partNumber, String revision, String name) {}

  public record Part(String partNumber, String supplier) {}

  public record Lots(
      String partNumber, String supplier, int quantity, int changeEvery, List<String> lots) {}

  public record Line(
      String line,
      Product product,
      Duration cycleTime,
      double nokRate,
      int markerFaultEvery,
      Lots lot,
      Part serialized,
      String consumes,
      boolean serialDevices,
      EndOfLine endOfLine,
      Map<String, Duration> cycleTargets) {}

  /**
   * An end-of-line test bench behind a Sparkplug B edge node: it reads the unit's serial, tests it
   * and reports the cycle with one process value; the line's units complete there.
   */
  public record EndOfLine(String station, double nokRate, String processValue) {}

  public record Logistics(Duration every, int batch, List<String> customers, int returns) {}

  public Line line(String id) {
    return lines.stream().filter(l -> l.line().equals(id)).findFirst().orElseThrow();
  }

  public static Scenario parse(String name, String yaml) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": not YAML: " + e.getMessage(), e);
    }
    Reader r = new Reader(name);
    List<Line> lines = new ArrayList<>();
    JsonNode ls = r.required(root, "lines");
    for (int i = 0; i < ls.size(); i++) {
      JsonNode l = ls.get(i);
      String at = "lines[" + i + "]";
      JsonNode p = r.required(l, at, "product");
      JsonNode lot = r.required(l, at, "lot");
      List<String> lotNames = new ArrayList<>();
      r.required(lot, at + ".lot", "lots").forEach(n -> lotNames.add(n.asText()));
      if (lotNames.isEmpty()) {
        throw r.error(at + ".lot.lots", "must name at least one lot");
      }
      JsonNode ser = l.path("serialized");
      JsonNode eol = l.path("endOfLineTest");
      Map<String, Duration> targets = new LinkedHashMap<>();
      l.path("cycleTargets")
          .fieldNames()
          .forEachRemaining(
              station ->
                  targets.put(
                      station, r.duration(l.path("cycleTargets"), at + ".cycleTargets", station)));
      lines.add(
          new Line(
              r.text(l, at, "line"),
              new Product(
                  r.text(p, at + ".product", "partNumber"),
                  r.text(p, at + ".product", "revision"),
                  p.path("name").asText(null)),
              r.duration(l, at, "cycleTime"),
              r.fraction(l, at, "nokRate"),
              l.path("markerFaultEvery").asInt(0),
              new Lots(
                  r.text(lot, at + ".lot", "partNumber"),
                  r.text(lot, at + ".lot", "supplier"),
                  lot.path("quantity").asInt(1),
                  Math.max(1, lot.path("changeEvery").asInt(25)),
                  lotNames),
              ser.isMissingNode()
                  ? null
                  : new Part(
                      r.text(ser, at + ".serialized", "partNumber"),
                      r.text(ser, at + ".serialized", "supplier")),
              l.path("consumes").asText(null),
              l.path("serialDevices").asBoolean(false),
              eol.isMissingNode()
                  ? null
                  : new EndOfLine(
                      r.text(eol, at + ".endOfLineTest", "station"),
                      r.fraction(eol, at + ".endOfLineTest", "nokRate"),
                      r.text(eol, at + ".endOfLineTest", "processValue")),
              Map.copyOf(targets)));
    }
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (l.consumes() != null && lines.stream().noneMatch(o -> o.line().equals(l.consumes()))) {
        throw r.error("lines[" + i + "].consumes", "names no line: '" + l.consumes() + "'");
      }
      if (l.consumes() == null && l.serialized() == null) {
        throw r.error("lines[" + i + "]", "needs serialized: or consumes: (one part per unit)");
      }
    }
    String faulty = r.text(root, "", "faultyLot");
    if (lines.stream().noneMatch(l -> l.lot().lots().contains(faulty))) {
      throw r.error("faultyLot", "'" + faulty + "' is not among any line's lots");
    }
    JsonNode lg = r.required(root, "logistics");
    List<String> customers = new ArrayList<>();
    r.required(lg, "logistics", "customers").forEach(n -> customers.add(n.asText()));
    return new Scenario(
        r.text(root, "", "site"),
        r.text(root, "", "serialTemplate"),
        List.copyOf(lines),
        faulty,
        new Logistics(
            r.duration(lg, "logistics", "every"),
            Math.max(1, lg.path("batch").asInt(4)),
            customers,
            lg.path("returns").asInt(3)));
  }

  /** Reads values, naming the file and key of anything wrong. */
  private record Reader(String file) {

    IllegalArgumentException error(String key, String problem) {
      return new IllegalArgumentException(file + ": " + key + ": " + problem);
    }

    private static String path(String at, String key) {
      return at.isEmpty() ? key : at + "." + key;
    }

    JsonNode required(JsonNode node, String key) {
      return required(node, "", key);
    }

    JsonNode required(JsonNode node, String at, String key) {
      JsonNode v = node.path(key);
      if (v.isMissingNode() || v.isNull()) {
        throw error(path(at, key), "is required");
      }
      return v;
    }

    String text(JsonNode node, String at, String key) {
      String v = required(node, at, key).asText();
      if (v.isBlank()) {
        throw error(path(at, key), "must not be empty");
      }
      return v;
    }

    Duration duration(JsonNode node, String at, String key) {
      String v = text(node, at, key);
      if (v.matches("\\d+ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      try {
        return Duration.parse("PT" + v.toUpperCase(java.util.Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        throw error(path(at, key), "'" + v + "' is not a duration such as 2s or 500ms");
      }
    }

    double fraction(JsonNode node, String at, String key) {
      double v = required(node, at, key).asDouble(-1);
      if (v < 0 || v > 1) {
        throw error(path(at, key), "must be between 0 and 1");
      }
      return v;
    }
  }
}
