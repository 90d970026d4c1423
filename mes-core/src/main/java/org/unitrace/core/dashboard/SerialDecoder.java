package org.unitrace.core.dashboard;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.unitrace.line.serialno.ParsedSerial;
import org.unitrace.line.serialno.SerialTemplate;

/**
 * Reads a serial back into its segments (site, line, date, sequence...) with the first known
 * template it fits: the templates the core hands out serial blocks for, then those configured
 * ({@code unitrace.dashboard.serial-templates}). A serial that fits none is shown undecoded.
 */
@Component
class SerialDecoder {

  private final JdbcClient jdbc;
  private final DashboardProperties properties;
  private final Map<String, Optional<SerialTemplate>> compiled = new ConcurrentHashMap<>();

  SerialDecoder(JdbcClient jdbc, DashboardProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /** A decoded serial; {@code template} null when no known template fits. */
  record Identity(
      String serial,
      String template,
      Map<String, String> segments,
      LocalDate date,
      Long sequence,
      Character check) {}

  Identity decode(String serial) {
    Set<String> templates = new LinkedHashSet<>();
    templates.addAll(
        jdbc.sql("SELECT DISTINCT template FROM serial_block ORDER BY template")
            .query(String.class)
            .list());
    templates.addAll(properties.serialTemplates());
    for (String template : templates) {
      Optional<SerialTemplate> t = compiled.computeIfAbsent(template, SerialDecoder::compile);
      if (t.isEmpty()) {
        continue;
      }
      try {
        ParsedSerial p = t.get().parseSerial(serial);
        return new Identity(
            serial,
            template,
            p.segments(),
            p.date().orElse(null),
            p.sequence(),
            p.check().orElse(null));
      } catch (IllegalArgumentException e) {
        // does not fit this template: try the next
      }
    }
    return new Identity(serial, null, Map.of(), null, null, null);
  }

  private static Optional<SerialTemplate> compile(String template) {
    try {
      return Optional.of(SerialTemplate.parse(template));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a stored block's template from an older format: not decodable
    }
  }
}
