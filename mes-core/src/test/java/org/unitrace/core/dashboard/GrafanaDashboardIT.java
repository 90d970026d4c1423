package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.core.dashboard.GrafanaQueries.Range;
import org.unitrace.core.dashboard.GrafanaQueries.Variable;
import org.unitrace.core.support.TestServers;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana production dashboard against the real schema, without a Grafana: every variable query
 * and panel query of {@code dashboards/grafana/production.json} is expanded as Grafana's PostgreSQL
 * datasource expands it ({@link GrafanaQueries}), run as a role holding only the grants {@code
 * deploy/grafana/README.md} gives, over events posted through {@code /api/events}, and checked for
 * the shape its panel needs and for the numbers that were produced. The provisioning files are
 * checked against the dashboard and the README's mounts.
 */
class GrafanaDashboardIT extends org.unitrace.core.support.CoreITSupport {

  private static final Path DASHBOARD = Path.of("../dashboards/grafana/production.json");
  private static final Path DEPLOY = Path.of("../deploy");
  private static final Path README = DEPLOY.resolve("grafana/README.md");
  private static final Path DATASOURCES = DEPLOY.resolve("grafana/provisioning/datasources");
  private static final Path PROVIDERS = DEPLOY.resolve("grafana/provisioning/dashboards");

  /** What Grafana picks for the default 8 h range on a half-width panel of a 1920 px screen. */
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private static final String WLG_LINE = "A-1";

  /**
   * The test's own two sites and unit prefix: the database is shared with every other IT, so the
   * panels are read for these sites only (sorted: S1 before S2).
   */
  private static final String S1 = "GA" + TestServers.unique("").substring(0, 6).toUpperCase();

  private static final String S2 = "GB" + TestServers.unique("").substring(0, 6).toUpperCase();
  private static final Set<Integer> NUMERIC =
      Set.of(
          Types.NUMERIC,
          Types.DECIMAL,
          Types.BIGINT,
          Types.INTEGER,
          Types.SMALLINT,
          Types.DOUBLE,
          Types.FLOAT,
          Types.REAL);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static String dbUrl;
  private static String role;
  private static String rolePassword;
  private static boolean seeded;

  @Autowired Environment environment;

  record Rows(List<String> columns, List<Integer> types, List<Map<String, Object>> rows) {}

  @BeforeEach
  void aPlantAndAGrafanaRole() throws IOException {
    if (seeded) {
      return;
    }
    dbUrl = environment.getProperty("unitrace.db.url");
    Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    produce(at);
    role = TestServers.unique("grafana_ro_");
    rolePassword = TestServers.unique("pw");
    String grants = sqlBlock(Files.readString(README));
    for (String statement : grants.split(";")) {
      if (!statement.isBlank()) {
        jdbc.execute(
            statement.replace("grafana_ro", role).replace("'change-me'", "'" + rolePassword + "'"));
      }
    }
    seeded = true;
  }

  @AfterAll
  static void dropTheRole() throws SQLException {
    if (role == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP OWNED BY " + role);
      s.execute("DROP ROLE " + role);
    }
  }

  /**
   * Three lines on two sites, an hour ago (in the dashboard's default range), as their agents post
   * them; one unit nine hours ago, outside the range.
   */
  private void produce(Instant at) {
    Agent l1 = new Agent(S1, "L1", at);
    List<Event> events = new ArrayList<>();
    Instant old = at.minus(8, ChronoUnit.HOURS);
    events.add(
        l1.at(old, "MARK", new EventPayload.RunStarted(S1 + "-RUN-0", "PUMP", "A", 10, "A")));
    events.add(
        l1.at(
            old, "MARK", new EventPayload.UnitSerialized(u("OLD-1"), "PUMP", "A", S1 + "-RUN-0")));
    events.add(l1.at(old, "TEST", result(u("OLD-1"), Result.NOK, "LEAK", 9000)));
    events.add(l1.next("MARK", new EventPayload.RunStarted(S1 + "-RUN-1", "PUMP", "A", 10, "A")));
    events.add(
        l1.next("MARK", new EventPayload.StationStateChanged(StationState.RUNNING, null, null)));
    events.add(
        l1.next("TEST", new EventPayload.StationStateChanged(StationState.RUNNING, null, null)));
    for (String unit : List.of(u("U1"), u("U2"), u("U3"), u("U4"))) {
      events.add(
          l1.next("MARK", new EventPayload.UnitSerialized(unit, "PUMP", "A", S1 + "-RUN-1")));
      boolean passed = !unit.equals(u("U4"));
      events.add(
          l1.next(
              "MARK",
              new EventPayload.MarkVerified(
                  unit,
                  passed,
                  passed ? "A" : null,
                  unit,
                  "DM",
                  passed ? null : "MARKER_TIMEOUT")));
    }
    events.add(l1.next("TEST", result(u("U1"), Result.OK, null, 4000)));
    events.add(l1.next("TEST", result(u("U2"), Result.NOK, "LEAK", 6000)));
    events.add(l1.next("TEST", result(u("U2"), Result.OK, null, 4200)));
    events.add(l1.next("TEST", result(u("U3"), Result.OK, null, 3800)));
    events.add(
        l1.next(
            "MARK", new EventPayload.StationStateChanged(StationState.FAULT, "LASER_TEMP", null)));

    Agent l2 = new Agent(S1, "L2", at);
    events.add(l2.next("MARK", new EventPayload.RunStarted(S1 + "-RUN-2", "MOTOR", "B", 10, "A")));
    for (String unit : List.of(u("M1"), u("M2"))) {
      events.add(
          l2.next("MARK", new EventPayload.UnitSerialized(unit, "MOTOR", "B", S1 + "-RUN-2")));
      events.add(
          l2.next("TEST", result(unit, Result.OK, null, unit.equals(u("M1")) ? 2000 : 2200)));
    }

    Agent wlg = new Agent(S2, WLG_LINE, at);
    events.add(wlg.next("MARK", new EventPayload.RunStarted(S1 + "-RUN-3", "FAN", "C", 10, "A")));
    events.add(
        wlg.next("MARK", new EventPayload.UnitSerialized(u("W1"), "FAN", "C", S1 + "-RUN-3")));
    events.add(wlg.next("TEST", result(u("W1"), Result.OK, null, 5000)));

    postStored(events);
  }

  /** A unit serial of this test's own. */
  private static String u(String name) {
    return S1 + "-" + name;
  }

  /** The variables with this test's two sites chosen, everything else as the dashboard has it. */
  private Map<String, Variable> ours(Range range, Map<String, List<String>> chosen)
      throws Exception {
    Map<String, List<String>> all = new LinkedHashMap<>(chosen);
    all.putIfAbsent("site", List.of(S1, S2));
    return variables(range, all);
  }

  private static EventPayload.StationResult result(
      String unit, Result result, String failure, long cycleMs) {
    return new EventPayload.StationResult(
        unit, result, failure, cycleMs, Map.of("pressureBar", result == Result.OK ? 3.2 : 1.7));
  }

  /** One agent's events: seq rising by one, a millisecond apart from the given start. */
  private static final class Agent {
    private final String site;
    private final String line;
    private Instant clock;
    private long seq;

    Agent(String site, String line, Instant start) {
      this.site = site;
      this.line = line;
      this.clock = start;
    }

    Event next(String station, EventPayload payload) {
      clock = clock.plusMillis(1);
      return at(clock, station, payload);
    }

    Event at(Instant time, String station, EventPayload payload) {
      return new Event(
          UUID.randomUUID(), 1, time, site, line, station, "edge-" + site + line, seq++, payload);
    }
  }

  // ---------------------------------------------------------------- provisioning

  @Test
  void theProvisionedDatasourceIsTheOneTheDashboardUses() throws IOException {
    Map<String, Object> datasource = provisionedDatasource();
    Set<String> refs = new LinkedHashSet<>();
    dashboard()
        .findParents("datasource")
        .forEach(p -> refs.add(p.get("datasource").path("uid").asText("(no uid)")));
    assertThat(refs).containsExactly((String) datasource.get("uid"));
    Set<String> types = new HashSet<>();
    dashboard().findValues("datasource").forEach(d -> types.add(d.path("type").asText()));
    assertThat(types).containsExactly((String) datasource.get("type"));

    // Grafana replaces ${VAR} in provisioning strings and keeps them strings; the postgres plugin
    // reads jsonData into Go fields, and a string in a bool or int field fails the datasource.
    @SuppressWarnings("unchecked")
    Map<String, Object> jsonData = (Map<String, Object>) datasource.get("jsonData");
    for (String key :
        List.of(
            "timescaledb",
            "tlsSkipVerify",
            "enableSecureSocksProxy",
            "allowCleartextPasswords",
            "maxOpenConns",
            "maxIdleConns",
            "connMaxLifetime",
            "connectionTimeout",
            "postgresVersion")) {
      if (jsonData.containsKey(key)) {
        assertThat(jsonData.get(key))
            .as("jsonData.%s must be a YAML bool or number, not a string", key)
            .isNotInstanceOf(String.class);
      }
    }

    // every ${VAR} the datasource file needs is set in the README's compose example
    String yaml = Files.readString(DATASOURCES.resolve("unitrace.yml"));
    Set<String> needed = new LinkedHashSet<>();
    Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(yaml.replaceAll("(?m)#.*$", ""));
    while (m.find()) {
      needed.add(m.group(1));
    }
    String readme = Files.readString(README);
    for (String variable : needed) {
      assertThat(readme)
          .as("README compose environment sets %s", variable)
          .contains(variable + ":");
    }
  }

  @Test
  void theDashboardProviderReadsTheFolderTheReadmeMounts() throws IOException {
    Map<String, Object> providers =
        new Yaml().load(Files.readString(PROVIDERS.resolve("unitrace.yml")));
    @SuppressWarnings("unchecked")
    Map<String, Object> provider = ((List<Map<String, Object>>) providers.get("providers")).get(0);
    @SuppressWarnings("unchecked")
    String path = (String) ((Map<String, Object>) provider.get("options")).get("path");

    Map<String, Path> mounts = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?m)^\\s*-\\s*(\\S+?):(/\\S+?)(?::ro)?\\s*$")
            .matcher(Files.readString(README));
    while (m.find()) {
      mounts.put(m.group(2), DEPLOY.resolve(m.group(1)).normalize()); // compose runs from deploy/
    }
    assertThat(mounts).as("README volumes").containsKey(path);
    assertThat(mounts.get(path).resolve(DASHBOARD.getFileName())).exists();
    assertThat(Files.isSameFile(mounts.get(path), DASHBOARD.getParent())).isTrue();
    assertThat(mounts.get("/etc/grafana/provisioning/datasources").resolve("unitrace.yml"))
        .exists();
    assertThat(mounts.get("/etc/grafana/provisioning/dashboards").resolve("unitrace.yml")).exists();
  }

  // ---------------------------------------------------------------- the expander itself

  @Test
  void theExpanderWritesWhatGrafanaWrites() {
    Range range =
        new Range(Instant.parse("2018-04-12T18:00:00Z"), Instant.parse("2018-04-12T18:05:00.5Z"));
    GrafanaQueries plain = new GrafanaQueries(range, Duration.ofMinutes(1), false);
    Map<String, Variable> vars =
        Map.of(
            "site", new Variable("site", true, true, List.of("AKL", "O'Hare")),
            "one", new Variable("one", false, false, List.of("it's")));
    // expected texts as in Grafana's macros_test.go and SqlDatasource.interpolateVariable
    assertThat(plain.expand("WHERE $__timeFilter(time_column)", vars))
        .isEqualTo("WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00.5Z'");
    assertThat(plain.expand("GROUP BY $__timeGroup(time_column,'5m')", vars))
        .isEqualTo("GROUP BY floor(extract(epoch from time_column)/300)*300");
    assertThat(plain.expand("SELECT $__timeGroup(t, $__interval), 1", vars))
        .isEqualTo("SELECT floor(extract(epoch from t)/60)*60 AS \"time\", 1");
    assertThat(
            new GrafanaQueries(range, Duration.ofMinutes(1), true)
                .expand("$__timeGroupAlias(t, 5m, 0)", vars))
        .isEqualTo("time_bucket('300.000s',t) AS \"time\"");
    assertThat(plain.expand("site IN ($site) OR s IN (${site}) OR x = '$one'", vars))
        .isEqualTo("site IN ('AKL','O''Hare') OR s IN ('AKL','O''Hare') OR x = 'it''s'");
    assertThat(plain.expand("${site:sqlstring} $__interval_ms $__timeFrom()", vars))
        .isEqualTo("'AKL','O''Hare' 60000 '2018-04-12T18:00:00Z'");
    assertThatThrownBy(() -> plain.expand("$__timeFilterX(t)", vars))
        .hasMessageContaining("$__timeFilterX");
    assertThatThrownBy(() -> plain.expand("x = $line", vars)).hasMessageContaining("$line");
    assertThatThrownBy(() -> plain.expand("x IN (${site:json})", vars))
        .hasMessageContaining("${site:json}");
    assertThatThrownBy(() -> plain.expand("$__timeGroup(t, 1m, zero)", vars))
        .hasMessageContaining("fill value zero");
  }

  // ---------------------------------------------------------------- the queries

  @Test
  void everyQueryRunsAndGivesItsPanelTheColumnsItNeeds() throws Exception {
    Range range = defaultRange();
    assertThat(variables(range, Map.of()).get("site").values())
        .as("'All' sites: every site with stations")
        .contains(S1, S2);
    Map<String, Variable> vars = ours(range, Map.of());
    assertThat(vars.get("line").values()).containsExactly(WLG_LINE, "L1", "L2");

    // the time_bucket() flavour of $__timeGroup too, where the server has TimescaleDB
    List<Boolean> flavours = new ArrayList<>(List.of(false));
    if (jdbc.queryForObject(
        "SELECT count(*) > 0 FROM pg_extension WHERE extname = 'timescaledb'", Boolean.class)) {
      flavours.add(true);
    }
    if ("on".equals(environment.getProperty("unitrace.timeseries.timescaledb"))) {
      assertThat(flavours).as("on TimescaleDB both flavours run").containsExactly(false, true);
    }
    int queries = 0;
    for (boolean timescaledb : flavours) {
      for (JsonNode panel : panels()) {
        for (JsonNode target : panel.path("targets")) {
          String what =
              "panel %d \"%s\" %s"
                  .formatted(
                      panel.path("id").asInt(),
                      panel.path("title").asText(),
                      target.path("refId").asText());
          assertThat(
                  target.path("rawQuery").asBoolean()
                      || "code".equals(target.path("editorMode").asText()))
              .as("%s is raw SQL (a builder query is not tested here)", what)
              .isTrue();
          Rows rows = run(range, vars, target.path("rawSql").asText(), timescaledb);
          String format = target.path("format").asText("time_series");
          if (format.equals("time_series")) {
            assertTimeSeries(what, rows, range);
          } else {
            assertThat(format).as(what).isEqualTo("table");
          }
          assertThat(rows.rows()).as("%s returns rows for the seeded plant", what).isNotEmpty();
          queries++;
        }
      }
    }
    assertThat(queries).isEqualTo(8 * flavours.size());
  }

  @Test
  void thePanelsShowWhatWasProduced() throws Exception {
    Range range = defaultRange();
    Map<String, Variable> vars = ours(range, Map.of());

    Rows now = run(range, vars, sql("Stations now"));
    assertThat(now.columns())
        .containsExactly("site", "line", "station", "state", "fault_code", "state_changed_at");
    assertThat(now.rows())
        .extracting(
            r ->
                r.get("site")
                    + "/"
                    + r.get("line")
                    + "/"
                    + r.get("station")
                    + " "
                    + r.get("state")
                    + " "
                    + r.get("fault_code"))
        .containsExactly(
            S1 + "/L1/MARK FAULT LASER_TEMP",
            S1 + "/L1/TEST RUNNING null",
            S1 + "/L2/MARK UNKNOWN null",
            S1 + "/L2/TEST UNKNOWN null",
            S2 + "/A-1/MARK UNKNOWN null",
            S2 + "/A-1/TEST UNKNOWN null");

    Map<String, Map<String, Object>> perStation =
        byStation(run(range, vars, sql("Per station over the range")));
    assertThat(perStation.values())
        .allSatisfy(
            r ->
                assertThat(r)
                    .containsOnlyKeys(
                        "site",
                        "line",
                        "station",
                        "units",
                        "units_per_hour",
                        "fpy_pct",
                        "avg_cycle_ms",
                        "p90_cycle_ms",
                        "mark_failures"));
    Map<String, Object> test = perStation.get(S1 + "/L1/TEST");
    assertThat(number(test.get("units"))).isEqualTo(3); // OLD-1 is outside the range
    assertThat(number(test.get("fpy_pct"))).isEqualTo(66.7); // U2 failed first, passed on retest
    assertThat(number(test.get("avg_cycle_ms"))).isEqualTo(4500);
    assertThat(number(test.get("p90_cycle_ms"))).isEqualTo(5460);
    assertThat(number(test.get("units_per_hour"))).isEqualTo(0.4); // 3 units in 8 h
    assertThat(number(test.get("mark_failures"))).isZero();
    Map<String, Object> mark = perStation.get(S1 + "/L1/MARK");
    assertThat(number(mark.get("units"))).isEqualTo(4);
    assertThat(number(mark.get("mark_failures"))).isEqualTo(1);
    assertThat(mark.get("fpy_pct")).isNull();
    assertThat(number(perStation.get(S1 + "/L2/TEST").get("fpy_pct"))).isEqualTo(100);
    assertThat(number(perStation.get(S2 + "/A-1/TEST").get("units"))).isEqualTo(1);

    assertThat(seriesTotals(run(range, vars, sql("Units made per line")), "units"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(S1 + "/L1", 4.0, S1 + "/L2", 2.0, S2 + "/A-1", 1.0));
    assertThat(seriesTotals(run(range, vars, sql("First-pass yield per station")), "fpy"))
        .hasEntrySatisfying(S1 + "/L1/TEST", v -> assertThat(v).isCloseTo(66.67, within(0.01)))
        .containsEntry(S1 + "/L2/TEST", 100.0)
        .containsEntry(S2 + "/A-1/TEST", 100.0);
    assertThat(seriesTotals(run(range, vars, sql("Cycle time per station")), "cycle_s"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(S1 + "/L1/TEST", 4.5, S1 + "/L2/TEST", 2.1, S2 + "/A-1/TEST", 5.0));
    assertThat(seriesTotals(run(range, vars, sql("NOK results and marking failures")), "n"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(S1 + "/L1/TEST NOK", 1.0, S1 + "/L1/MARK marking", 1.0));
    assertThat(seriesTotals(run(range, vars, sql("Machine state changes")), "changes"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                S1 + "/L1/MARK RUNNING",
                1.0,
                S1 + "/L1/MARK FAULT",
                1.0,
                S1 + "/L1/TEST RUNNING",
                1.0));

    Rows nok = run(range, vars, sql("Last NOK results"));
    assertThat(nok.rows())
        .extracting(r -> r.get("unit_serial") + " " + r.get("failure_code"))
        .containsExactly(u("U2") + " LEAK", u("U4") + " MARKER_TIMEOUT"); // newest first
    assertThat((String) nok.rows().get(0).get("process_values")).contains("pressureBar");
  }

  @Test
  void chosenSitesAndLinesFilterEveryPanelWithGrafanasQuoting() throws Exception {
    Range range = defaultRange();
    Map<String, Variable> wlg = variables(range, Map.of("site", List.of(S2)));
    assertThat(wlg.get("line").values()).containsExactly(WLG_LINE); // "All" follows the site

    assertThat(run(range, wlg, sql("Stations now")).rows())
        .extracting(r -> r.get("line") + "/" + r.get("station"))
        .containsExactly("A-1/MARK", "A-1/TEST");
    assertThat(seriesTotals(run(range, wlg, sql("Units made per line")), "units"))
        .containsOnlyKeys(S2 + "/A-1");

    Map<String, Variable> l2 = ours(range, Map.of("line", List.of("L2")));
    assertThat(byStation(run(range, l2, sql("Per station over the range"))))
        .containsOnlyKeys(S1 + "/L2/MARK", S1 + "/L2/TEST");
  }

  // ---------------------------------------------------------------- how Grafana reads results

  /**
   * sqleng: a time series needs a column named time (a timestamp or epoch seconds, not null,
   * ascending for the long-to-wide conversion), string columns become labels, every other column
   * must convert to a float.
   */
  private static void assertTimeSeries(String what, Rows rows, Range range) {
    assertThat(rows.columns()).as("%s has a time column", what).contains("time");
    Set<List<Object>> seen = new HashSet<>();
    Instant previous = Instant.MIN;
    for (Map<String, Object> row : rows.rows()) {
      Instant time = time(row.get("time"));
      assertThat(time).as("%s time", what).isNotNull().isAfterOrEqualTo(previous);
      assertThat(time)
          .as("%s bucket of %s", what, INTERVAL)
          .isBetween(range.from().minus(INTERVAL), range.to());
      assertThat(time.toEpochMilli() % INTERVAL.toMillis()).as("%s bucket start", what).isZero();
      previous = time;
      List<Object> key = new ArrayList<>();
      key.add(time);
      for (int i = 0; i < rows.columns().size(); i++) {
        if (rows.types().get(i) == Types.VARCHAR) {
          key.add(row.get(rows.columns().get(i)));
        }
      }
      assertThat(seen.add(key)).as("%s has one row per time and series: %s", what, key).isTrue();
    }
    int values = 0;
    for (int i = 0; i < rows.columns().size(); i++) {
      String column = rows.columns().get(i);
      int type = rows.types().get(i);
      if (!column.equals("time")) {
        assertThat(type == Types.VARCHAR || NUMERIC.contains(type))
            .as("%s column %s is a label or a number (JDBC type %d)", what, column, type)
            .isTrue();
        values += NUMERIC.contains(type) ? 1 : 0;
      }
    }
    assertThat(values).as("%s has a value column", what).isPositive();
  }

  private static Instant time(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    assertThat(value).as("time column: a timestamp or epoch number").isInstanceOf(Number.class);
    double v = ((Number) value).doubleValue();
    // sqleng.epochPrecisionToMS: epoch seconds (e+09) become milliseconds
    return Instant.ofEpochMilli((long) (v < 1e11 ? v * 1000 : v));
  }

  /** The sum of a value column per series name, as the metric column names it. */
  private static Map<String, Double> seriesTotals(Rows rows, String value) {
    return rows.rows().stream()
        .collect(
            Collectors.groupingBy(
                r -> (String) r.get("metric"),
                Collectors.summingDouble(r -> number(r.get(value)))));
  }

  private static Map<String, Map<String, Object>> byStation(Rows rows) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    rows.rows()
        .forEach(r -> out.put(r.get("site") + "/" + r.get("line") + "/" + r.get("station"), r));
    return out;
  }

  private static double number(Object value) {
    return value instanceof BigDecimal b ? b.doubleValue() : ((Number) value).doubleValue();
  }

  // ---------------------------------------------------------------- the dashboard as Grafana runs
  // it

  private static Range defaultRange() throws IOException {
    JsonNode time = dashboard().path("time");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new Range(
        relative(time.path("from").asText(), now), relative(time.path("to").asText(), now));
  }

  /** Grafana's relative times of the forms the dashboard uses: now, now-8h. */
  private static Instant relative(String text, Instant now) {
    Matcher m = Pattern.compile("now(?:-(\\d+)([smhd]))?").matcher(text);
    assertThat(m.matches()).as("relative time %s", text).isTrue();
    if (m.group(1) == null) {
      return now;
    }
    ChronoUnit unit =
        switch (m.group(2)) {
          case "s" -> ChronoUnit.SECONDS;
          case "m" -> ChronoUnit.MINUTES;
          case "h" -> ChronoUnit.HOURS;
          default -> ChronoUnit.DAYS;
        };
    return now.minus(Long.parseLong(m.group(1)), unit);
  }

  /**
   * The dashboard's variables in order, each from its query (run with the ones before it), with the
   * values chosen here or else its current selection ("All": every option).
   */
  private Map<String, Variable> variables(Range range, Map<String, List<String>> chosen)
      throws Exception {
    Map<String, Variable> vars = new LinkedHashMap<>();
    for (JsonNode v : dashboard().path("templating").path("list")) {
      String name = v.path("name").asText();
      assertThat(v.path("type").asText()).as("variable %s", name).isEqualTo("query");
      assertThat(v.path("allValue").isMissingNode() || v.path("allValue").isNull())
          .as("variable %s has no custom all value", name)
          .isTrue();
      Rows rows = run(range, vars, v.path("query").asText());
      List<String> options =
          new ArrayList<>(
              new LinkedHashSet<>(
                  rows.rows().stream()
                      .flatMap(r -> r.values().stream())
                      .map(String::valueOf)
                      .toList()));
      switch (v.path("sort").asInt(0)) {
        case 0 -> {}
        case 1 -> options.sort(Comparator.naturalOrder());
        case 2 -> options.sort(Comparator.reverseOrder());
        default -> throw new AssertionError("variable " + name + ": sort not implemented");
      }
      List<String> current = new ArrayList<>();
      JsonNode selected = v.path("current").path("value");
      if (selected.isArray()) {
        selected.forEach(x -> current.add(x.asText()));
      } else {
        current.add(selected.asText());
      }
      List<String> values =
          chosen.getOrDefault(name, current.contains("$__all") ? options : current);
      vars.put(
          name,
          new Variable(
              name, v.path("multi").asBoolean(), v.path("includeAll").asBoolean(), values));
    }
    return vars;
  }

  /** The expanded query, run as Grafana's read-only role with the README's grants. */
  private Rows run(Range range, Map<String, Variable> vars, String rawSql)
      throws SQLException, IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> jsonData = (Map<String, Object>) provisionedDatasource().get("jsonData");
    return run(range, vars, rawSql, Boolean.TRUE.equals(jsonData.get("timescaledb")));
  }

  private Rows run(Range range, Map<String, Variable> vars, String rawSql, boolean timescaledb)
      throws SQLException {
    String sql = new GrafanaQueries(range, INTERVAL, timescaledb).expand(rawSql, vars);
    Properties login = new Properties();
    login.setProperty("user", role);
    login.setProperty("password", rolePassword);
    try (Connection c =
            DriverManager.getConnection(dbUrl.replaceAll("[?&](user|password)=[^&]*", ""), login);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      List<Integer> types = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
        types.add(meta.getColumnType(i));
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns.size(); i++) {
          row.put(columns.get(i - 1), rs.getObject(i));
        }
        rows.add(row);
      }
      return new Rows(columns, types, rows);
    } catch (SQLException e) {
      throw new SQLException(e.getMessage() + "\nin the query Grafana would run:\n" + sql, e);
    }
  }

  private static String sql(String panelTitle) throws IOException {
    for (JsonNode panel : panels()) {
      if (panel.path("title").asText().equals(panelTitle)) {
        return panel.path("targets").get(0).path("rawSql").asText();
      }
    }
    throw new AssertionError("no panel titled " + panelTitle);
  }

  /** All panels, those inside rows included. */
  private static List<JsonNode> panels() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode panel : dashboard().path("panels")) {
      out.add(panel);
      panel.path("panels").forEach(out::add);
    }
    return out;
  }

  private static JsonNode dashboard() throws IOException {
    return JSON.readTree(DASHBOARD.toFile());
  }

  private static Map<String, Object> provisionedDatasource() throws IOException {
    Map<String, Object> file =
        new Yaml().load(Files.readString(DATASOURCES.resolve("unitrace.yml")));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) file.get("datasources");
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  private static String sqlBlock(String markdown) {
    Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    assertThat(m.find()).as("README has the read-only role's SQL").isTrue();
    return m.group(1);
  }
}
