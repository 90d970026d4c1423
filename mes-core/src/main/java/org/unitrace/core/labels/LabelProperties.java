package org.unitrace.core.labels;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.unitrace.core.system.Setting;

/**
 * {@code unitrace.labels.*}: where the plant's templates are, the Digital Link domain, the printer
 * resolution, the network printers by name, and how long a printer may take.
 *
 * @param templates a folder the plant edits: {@code default/unit.zpl}, {@code default/package.zpl},
 *     {@code <family>/unit.zpl}; what it lacks comes from the templates shipped in the jar
 * @param digitalLinkDomain the resolver in unit Digital Link URIs
 * @param dpi the printers' resolution, for the size of PDF previews (203 = 8 dots/mm)
 */
@ConfigurationProperties("unitrace.labels")
public record LabelProperties(
    Path templates,
    @DefaultValue("https://id.gs1.org") String digitalLinkDomain,
    @DefaultValue("203") int dpi,
    @DefaultValue("PT3S") Duration connectTimeout,
    @DefaultValue("PT10S") Duration writeTimeout,
    Map<String, Printer> printers) {

  /** A network label printer taking ZPL on a raw TCP port (9100 on most). */
  public record Printer(String host, @DefaultValue("9100") int port, String description) {}

  public LabelProperties {
    URI domain;
    try {
      domain = URI.create(digitalLinkDomain);
    } catch (IllegalArgumentException e) {
      domain = null;
    }
    if (domain == null
        || !("https".equals(domain.getScheme()) || "http".equals(domain.getScheme()))
        || domain.getHost() == null
        || (domain.getPath() != null
            && !domain.getPath().isEmpty()
            && !domain.getPath().equals("/"))
        || domain.getQuery() != null) {
      throw new IllegalArgumentException(
          "unitrace.labels.digital-link-domain must be an http(s) URI with a host and no path,"
              + " e.g. https://id.gs1.org, was '%s'".formatted(digitalLinkDomain));
    }
    digitalLinkDomain = digitalLinkDomain.replaceAll("/+$", "");
    if (dpi < 100 || dpi > 1200) {
      throw new IllegalArgumentException(
          "unitrace.labels.dpi must be a printer resolution (203, 300, 600), was " + dpi);
    }
    Setting.positive("unitrace.labels.connect-timeout", connectTimeout);
    Setting.positive("unitrace.labels.write-timeout", writeTimeout);
    printers = printers == null ? Map.of() : new TreeMap<>(printers);
    printers.forEach(
        (name, p) -> {
          String key = "unitrace.labels.printers." + name;
          if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException(
                key + ": a printer name is letters, digits, '_', '.', '-' (64 at most)");
          }
          if (p == null || p.host() == null || p.host().isBlank()) {
            throw new IllegalArgumentException(key + ".host is required");
          }
          Setting.within(key + ".port", p.port(), 1, 65535);
        });
    printers = Collections.unmodifiableSortedMap(new TreeMap<>(printers));
  }
}
