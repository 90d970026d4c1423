package org.unitrace.core.dashboard;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana does to a PostgreSQL panel's {@code rawSql} before the database sees it, so a test
 * can run the dashboard's queries without a Grafana. Three steps, in Grafana's order:
 *
 * <ol>
 *   <li>the browser's template service replaces dashboard variables, formatted by the SQL
 *       datasource ({@code SqlDatasource.interpolateVariable}: a multi-value or "All" variable
 *       becomes its values quoted as SQL literals and joined with commas), and {@code $__interval};
 *   <li>the backend's global substitutions ({@code sqleng.Interpolate}: {@code $__interval_ms},
 *       {@code $__interval});
 *   <li>the postgres macro engine ({@code grafana-postgresql-datasource/macros.go}).
 * </ol>
 *
 * Only what the Unitrace dashboards use is implemented; anything else fails with the text that used
 * it, so a new macro or variable format is noticed rather than sent to the database as is.
 *
 * @param interval what Grafana computed for {@code $__interval} (from the range and the panel's
 *     width in pixels)
 * @param timescaledb the datasource's {@code jsonData.timescaledb}
 */
record GrafanaQueries(Range range, Duration interval, boolean timescaledb) {

  /** The dashboard's time range, as Grafana sends it (millisecond precision). */
  record Range(Instant from, Instant to) {}

  /** A dashboard variable and the values it stands for now ("All" already resolved). */
  record Variable(String name, boolean multi, boolean includeAll, List<String> values) {}

  // public/app/features/variables/utils.ts variableRegex
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?\\}");
  // macros.go sExpr
  private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
  private static final Set<String> MACROS =
      Set.of(
          "__timeFilter",
          "__timeFrom",
          "__timeTo",
          "__timeGroup",
          "__timeGroupAlias",
          "__unixEpochFilter");
  private static final Pattern GO_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)");
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The SQL Grafana would run for {@code rawSql} with these variables. */
  String expand(String rawSql, Map<String, Variable> variables) {
    return macros(global(templates(rawSql, variables)));
  }

  private String templates(String sql, Map<String, Variable> variables) {
    Matcher m = VARIABLE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = first(m.group(1), m.group(2), m.group(4));
      String format = first(m.group(3), m.group(6));
      String replacement;
      if (variables.containsKey(name)) {
        if (m.group(5) != null) {
          throw unknown("variable field path ${" + name + "." + m.group(5) + "}", sql);
        }
        replacement = format(variables.get(name), format, sql);
      } else if (name.equals("__interval") || name.equals("__interval_ms")) {
        replacement = m.group(); // left for the backend, which gives the same text
      } else if (MACROS.contains(name) && sql.startsWith("(", m.end())) {
        replacement = m.group(); // a macro: the macro engine's job
      } else {
        throw unknown("variable or macro $" + name, sql);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String format(Variable v, String format, String sql) {
    if (format == null) {
      // SqlDatasource.interpolateVariable
      if (v.multi() || v.includeAll() || v.values().size() != 1) {
        return String.join(",", v.values().stream().map(GrafanaQueries::quote).toList());
      }
      return v.values().get(0).replace("'", "''");
    }
    return switch (format) {
      case "sqlstring" -> String.join(",", v.values().stream().map(GrafanaQueries::quote).toList());
      case "csv" -> String.join(",", v.values());
      default -> throw unknown("variable format ${" + v.name() + ":" + format + "}", sql);
    };
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private String global(String sql) {
    return sql.replace("$__interval_ms", Long.toString(interval.toMillis()))
        .replace("$__interval", formatInterval(interval));
  }

  private String macros(String sql) {
    Matcher m = MACRO.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      // pre-5.3 compatibility: $__timeGroup(...) directly followed by ',' gets an alias
      int first = sql.indexOf(m.group()) + m.group().length();
      if (name.equals("__timeGroup") && first < sql.length() && sql.charAt(first) == ',') {
        name = "__timeGroupAlias";
      }
      List<String> args = new ArrayList<>();
      for (String arg : m.group(2).split(",", -1)) {
        args.add(arg.strip());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args, sql)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String macro(String name, List<String> args, String sql) {
    return switch (name) {
      case "__timeFilter" ->
          "%s BETWEEN '%s' AND '%s'"
              .formatted(column(name, args), rfc3339(range.from()), rfc3339(range.to()));
      case "__timeFrom" -> "'" + rfc3339(range.from()) + "'";
      case "__timeTo" -> "'" + rfc3339(range.to()) + "'";
      case "__timeGroup" -> timeGroup(args, sql);
      case "__timeGroupAlias" -> timeGroup(args, sql) + " AS \"time\"";
      case "__unixEpochFilter" ->
          "%1$s >= %2$d AND %1$s <= %3$d"
              .formatted(
                  column(name, args), range.from().getEpochSecond(), range.to().getEpochSecond());
      default -> throw unknown("macro $" + name + "()", sql);
    };
  }

  private String timeGroup(List<String> args, String sql) {
    if (args.size() < 2) {
      throw new IllegalArgumentException(
          "$__timeGroup needs a time column and an interval in: " + sql);
    }
    Duration bucket = parseInterval(args.get(1).replace("'", ""), sql);
    if (args.size() == 3) {
      checkFill(args.get(2), sql);
    }
    double seconds = bucket.toNanos() / 1e9;
    if (timescaledb) {
      return String.format(Locale.ROOT, "time_bucket('%.3fs',%s)", seconds, args.get(0));
    }
    String s = BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
    return "floor(extract(epoch from %s)/%s)*%s".formatted(args.get(0), s, s);
  }

  /** sqleng.SetupFillmode: NULL, previous or a number, else the query fails. */
  private static void checkFill(String fill, String sql) {
    if (fill.equals("NULL") || fill.equals("previous")) {
      return;
    }
    try {
      Double.parseDouble(fill);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("error parsing fill value " + fill + " in: " + sql);
    }
  }

  /** gtime.ParseInterval for the forms a dashboard uses: Go durations ("30s", "1h30m"). */
  private static Duration parseInterval(String text, String sql) {
    Matcher m = GO_DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      BigDecimal n = new BigDecimal(m.group(1));
      long nanosPerUnit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      total = total.plusNanos(n.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
      end = m.end();
      m.region(end, text.length());
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException("error parsing interval " + text + " in: " + sql);
    }
    return total;
  }

  /** gtime.FormatInterval: the largest whole unit. */
  static String formatInterval(Duration d) {
    long ms = d.toMillis();
    long[] units = {365L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
    String[] names = {"y", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i]) {
        return (ms / units[i]) + names[i];
      }
    }
    return "1ms";
  }

  /** Go's time.RFC3339Nano in UTC: fraction without trailing zeros, none when zero. */
  static String rfc3339(Instant t) {
    String fraction = "";
    if (t.getNano() != 0) {
      fraction = "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
    }
    return SECONDS.format(t) + fraction + "Z";
  }

  private static String column(String macro, List<String> args) {
    if (args.isEmpty() || args.get(0).isEmpty()) {
      throw new IllegalArgumentException("missing time column argument for macro " + macro);
    }
    return args.get(0);
  }

  private static String first(String... candidates) {
    for (String c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private static IllegalArgumentException unknown(String what, String sql) {
    return new IllegalArgumentException(
        "GrafanaQueries does not know the " + what + " used in:\n" + sql);
  }
}
