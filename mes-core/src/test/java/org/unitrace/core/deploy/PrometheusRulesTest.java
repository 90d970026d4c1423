package org.unitrace.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert rules in {@code deploy/prometheus}: well formed (name, expression, severity, summary),
 * and every Unitrace metric they name is a meter the code of mes-core or the edge agent registers,
 * so a renamed meter cannot leave an alert that never fires. (The other metrics they use come from
 * Spring Boot's and Micrometer's binders; {@code DatabaseFaultsIT} checks mes-core's against a real
 * {@code /actuator/prometheus}.)
 */
class PrometheusRulesTest {

  static final Path RULES = Path.of("..", "deploy", "prometheus", "unitrace-alerts.yml");

  /** Metric names in a PromQL expression: identifiers followed by a selector, range or space. */
  private static final Pattern METRIC =
      Pattern.compile(
          "\\b((?:unitrace|jvm|hikaricp|http_server|process|up)[a-z0-9_]*)\\b(?=\\s*[{\\[)\\s=<>]|$)");

  private static final Set<String> SUFFIXES = Set.of("total", "seconds", "bytes", "count", "max");

  @Test
  void everyRuleHasANameAnExpressionASeverityAndASummary() throws IOException {
    List<JsonNode> rules = rules();
    assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode r : rules) {
      String name = r.path("alert").asText();
      assertThat(name).matches("[A-Z][A-Za-z]+");
      assertThat(names.add(name)).as("alert names are unique: " + name).isTrue();
      assertThat(r.path("expr").asText()).as(name).isNotBlank();
      assertThat(r.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
      assertThat(r.at("/annotations/summary").asText()).as(name).isNotBlank();
      if (r.has("for")) {
        assertThat(r.get("for").asText()).as(name).matches("\\d+[smh]");
      }
    }
  }

  @Test
  void everyUnitraceMetricInTheRulesIsAMeterTheCodeRegisters() throws IOException {
    String code = mainSources();
    for (String metric : metricNames()) {
      if (!metric.startsWith("unitrace_")) {
        continue;
      }
      assertThat(code)
          .as("a meter for " + metric + " in mes-core's or the edge agent's code")
          .contains("\"" + meterName(metric) + "\"");
    }
    assertThat(metricNames())
        .contains(
            "unitrace_ingest_write_failing_seconds",
            "unitrace_ingest_events_total",
            "unitrace_edge_outbox_oldest_age_seconds");
  }

  /**
   * Prometheus's own checker on the file, and its rule unit tests ({@code
   * unitrace-alerts.test.yml}: series in, alerts out), where promtool is installed (Debian's {@code
   * prometheus} package).
   */
  @Test
  void promtoolChecksTheRulesAndTheyFireOnTheirTestSeries() throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(
        Files.isExecutable(promtool), "promtool is not installed (apt-get install prometheus)");
    assertThat(run(promtool.toString(), "check", "rules", RULES.getFileName().toString()))
        .contains("SUCCESS");
    assertThat(run(promtool.toString(), "test", "rules", "unitrace-alerts.test.yml"))
        .contains("SUCCESS");
  }

  private static String run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(RULES.getParent().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }

  /** The metric names of the group {@code group}, or of every group when null. */
  static Set<String> metricNames(String group) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode g : new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).get("groups")) {
      if (group != null && !group.equals(g.get("name").asText())) {
        continue;
      }
      for (JsonNode r : g.get("rules")) {
        Matcher m = METRIC.matcher(r.get("expr").asText());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  private static Set<String> metricNames() throws IOException {
    return metricNames(null);
  }

  /** {@code unitrace_ingest_events_total} is the meter {@code unitrace.ingest.events}. */
  private static String meterName(String metric) {
    String name = metric;
    for (String suffix : SUFFIXES) {
      if (name.endsWith("_" + suffix)) {
        name = name.substring(0, name.length() - suffix.length() - 1);
        break;
      }
    }
    return name.replace('_', '.');
  }

  private static List<JsonNode> rules() throws IOException {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode g : new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).get("groups")) {
      assertThat(g.path("name").asText()).isNotBlank();
      g.get("rules").forEach(rules::add);
    }
    return rules;
  }

  private static String mainSources() throws IOException {
    StringBuilder all = new StringBuilder();
    for (String module : List.of("src/main/java", "../edge-agent/src/main/java")) {
      try (Stream<Path> files = Files.walk(Path.of(module))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          all.append(Files.readString(f));
        }
      }
    }
    return all.toString();
  }
}
