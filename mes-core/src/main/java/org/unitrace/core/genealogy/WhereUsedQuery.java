package org.unitrace.core.genealogy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a forward trace starts from, one record per kind of question: a component serial, a range of
 * component serials of a part, a supplier lot (as bound, or as loaded at stations), one material
 * load, a supplier, a production run, a station over a time window, or a line over a time window
 * (optionally one shift). Read from request parameters by {@link #parse}; anything ambiguous or
 * incomplete is refused naming the parameter, so a trace never silently answers a different
 * question than the one asked.
 */
public sealed interface WhereUsedQuery {

  /** The request parameters a query is made of, in the order {@link #describe()} lists them. */
  List<String> PARAMETERS =
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

  /** The kind's name as the API answers it ({@code "LOT"}, {@code "LINE_WINDOW"}, ...). */
  String kind();

  /** The query as request parameters (those set), in {@link #PARAMETERS} order. */
  Map<String, String> asParameters();

  /** The query in words, as stored with a recall: {@code name=value} pairs. */
  default String describe() {
    return WhereUsedParser.describe(asParameters());
  }

  /** The query as URL query parameters, for a link that fetches the same set. */
  default String toQueryString() {
    return asParameters().entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /**
   * Reads a query from request parameters (blank counts as absent). Unknown parameters, missing
   * companions, parameters that do not fit the kind, and values that do not parse are refused, each
   * naming the parameter.
   */
  static WhereUsedQuery parse(Map<String, String> parameters) {
    return WhereUsedParser.parse(parameters);
  }

  /** The units a component serial is bound into. */
  record ComponentSerial(String componentSerial) implements WhereUsedQuery {
    public ComponentSerial {
      required("componentSerial", componentSerial);
    }

    @Override
    public String kind() {
      return "COMPONENT_SERIAL";
    }

    @Override
    public Map<String, String> asParameters() {
      return params("componentSerial", componentSerial);
    }
  }

  /** The units that hold a component of {@code partNumber} with a serial in the range. */
  record SerialRange(String partNumber, String serialFrom, String serialTo)
      implements WhereUsedQuery {
    public SerialRange {
      required("partNumber", partNumber);
      required("serialFrom", serialFrom);
      required("serialTo", serialTo);
      if (serialFrom.compareTo(serialTo) > 0) {
        throw new IllegalArgumentException(
            "parameter 'serialFrom' (%s) sorts after 'serialTo' (%s)"
                .formatted(serialFrom, serialTo));
      }
    }

    @Override
    public String kind() {
      return "SERIAL_RANGE";
    }

    @Override
    public Map<String, String> asParameters() {
      return params("partNumber", partNumber, "serialFrom", serialFrom, "serialTo", serialTo);
    }
  }

  /** The units a supplier lot of a part is bound into. */
  record Lot(String partNumber, String lot) implements WhereUsedQuery {
    public Lot {
      required("partNumber", partNumber);
      required("lot", lot);
    }

    @Override
    public String kind() {
      return "LOT";
    }

    @Override
    public Map<String, String> asParameters() {
      return params("partNumber", partNumber, "lot", lot);
    }
  }

  /** The units that passed a station while a supplier lot of a part was loaded there. */
  record LoadedLot(String partNumber, String lot) implements WhereUsedQuery {
    public LoadedLot {
      required("partNumber", partNumber);
      required("lot", lot);
    }

    @Override
    public String kind() {
      return "LOADED_LOT";
    }

    @Override
    public Map<String, String> asParameters() {
      return params("partNumber", partNumber, "lot", lot, "loaded", "true");
    }
  }

  /** The units that passed the station of one material load while it was loaded. */
  record MaterialLoad(long materialLoadId) implements WhereUsedQuery {
    @Override
    public String kind() {
      return "MATERIAL_LOAD";
    }

    @Override
    public Map<String, String> asParameters() {
      return params("materialLoadId", Long.toString(materialLoadId));
    }
  }

  /** The units that hold anything of a supplier; of one part number only when it is not null. */
  record Supplier(String supplier, String partNumber) implements WhereUsedQuery {
    public Supplier {
      required("supplier", supplier);
    }

    @Override
    public String kind() {
      return "SUPPLIER";
    }

    @Override
    public Map<String, String> asParameters() {
      return params("partNumber", partNumber, "supplier", supplier);
    }
  }

  /** The units of a production run. */
  record Run(String runId) implements WhereUsedQuery {
    public Run {
      required("runId", runId);
    }

    @Override
    public String kind() {
      return "RUN";
    }

    @Override
    public Map<String, String> asParameters() {
      return params("runId", runId);
    }
  }

  /**
   * The units that passed a station between {@code from} (inclusive) and {@code to} (exclusive); a
   * null bound leaves that side open.
   */
  record StationWindow(String site, String line, String station, Instant from, Instant to)
      implements WhereUsedQuery {
    public StationWindow {
      required("site", site);
      required("line", line);
      required("station", station);
      window(from, to);
    }

    @Override
    public String kind() {
      return "STATION_WINDOW";
    }

    @Override
    public Map<String, String> asParameters() {
      return params(
          "site", site, "line", line, "station", station, "from", text(from), "to", text(to));
    }
  }

  /**
   * The units serialized on a line between {@code from} (inclusive) and {@code to} (exclusive), of
   * one shift when {@code shift} is not null; a null bound leaves that side open.
   */
  record LineWindow(String site, String line, String shift, Instant from, Instant to)
      implements WhereUsedQuery {
    public LineWindow {
      required("site", site);
      required("line", line);
      window(from, to);
    }

    /** The whole line, any time, any shift. */
    public LineWindow(String site, String line) {
      this(site, line, null, null, null);
    }

    @Override
    public String kind() {
      return "LINE_WINDOW";
    }

    @Override
    public Map<String, String> asParameters() {
      return params("site", site, "line", line, "shift", shift, "from", text(from), "to", text(to));
    }
  }

  private static void required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("parameter '%s' is required".formatted(name));
    }
  }

  private static void window(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "parameter 'from' (%s) must be before 'to' (%s)".formatted(from, to));
    }
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  /** Name-value pairs, those with a null value left out, in the order given. */
  private static Map<String, String> params(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        m.put(pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }
}
