package org.unitrace.core.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.unitrace.core.system.Setting;
import org.unitrace.line.serialno.SerialTemplate;

/**
 * What a plant sets for its dashboards. {@code cycleTimeTargets} holds each station's target cycle
 * time, keyed {@code SITE/LINE/STATION} (the pages compare the measured cycle time with it); {@code
 * serialTemplates} are templates to decode serials with besides those the core hands out blocks
 * for; {@code liveInterval} is how often the live feed tells the pages about new events; {@code
 * rollupInterval} is how often the hourly rollup behind week and month views takes in the events
 * received since its last run (late ones included).
 */
@ConfigurationProperties("unitrace.dashboard")
public record DashboardProperties(
    @DefaultValue Map<String, Duration> cycleTimeTargets,
    @DefaultValue List<String> serialTemplates,
    @DefaultValue("PT1S") Duration liveInterval,
    @DefaultValue("PT1M") Duration rollupInterval) {

  private static final Pattern STATION_KEY = Pattern.compile("[^/]+/[^/]+/[^/]+");

  public DashboardProperties {
    cycleTimeTargets = cycleTimeTargets == null ? Map.of() : Map.copyOf(cycleTimeTargets);
    serialTemplates = serialTemplates == null ? List.of() : List.copyOf(serialTemplates);
    cycleTimeTargets.forEach(
        (key, target) -> {
          if (!STATION_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                "unitrace.dashboard.cycle-time-targets: key '%s' must be SITE/LINE/STATION"
                    .formatted(key));
          }
          if (target.isNegative() || target.isZero()) {
            throw new IllegalArgumentException(
                "unitrace.dashboard.cycle-time-targets.%s must be positive, was %s"
                    .formatted(key, target));
          }
        });
    for (int i = 0; i < serialTemplates.size(); i++) {
      try {
        SerialTemplate.parse(serialTemplates.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unitrace.dashboard.serial-templates[%d]: %s".formatted(i, e.getMessage()), e);
      }
    }
    Setting.atLeast("unitrace.dashboard.live-interval", liveInterval, Duration.ofMillis(100));
    Setting.atLeast("unitrace.dashboard.rollup-interval", rollupInterval, Duration.ofSeconds(1));
  }

  /** The station's target cycle time in milliseconds, or null when none is set. */
  Long targetMs(String site, String line, String station) {
    Duration d = cycleTimeTargets.get(site + "/" + line + "/" + station);
    return d == null ? null : d.toMillis();
  }
}
