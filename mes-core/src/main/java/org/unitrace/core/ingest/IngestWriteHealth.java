package org.unitrace.core.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import org.unitrace.core.system.DatabaseFault;

/**
 * Whether events can be written, as the {@code ingest} component of {@code /actuator/health}: DOWN
 * from the first batch the database refused until one is stored again, saying why (read-only, disk
 * full, unreachable) and since when. The database's own health check ({@code db}) asks only whether
 * it answers a query, which a read-only or full database still does. The gauge {@code
 * unitrace.ingest.write.failing} (seconds) is how long writes have been failing, 0 while they work.
 */
@Component("ingestHealthIndicator")
class IngestWriteHealth implements HealthIndicator {

  private record Failing(Instant since, String reason, long attempts) {}

  private volatile Failing failing;

  IngestWriteHealth(MeterRegistry meters) {
    Gauge.builder("unitrace.ingest.write.failing", this, IngestWriteHealth::failingSeconds)
        .baseUnit("seconds")
        .description("How long event writes have been failing (0: they work)")
        .register(meters);
  }

  void stored() {
    failing = null;
  }

  void failed(RuntimeException failure) {
    String reason =
        DatabaseFault.of(failure)
            .orElse("writing a batch failed: " + failure.getClass().getSimpleName());
    Failing before = failing;
    failing =
        new Failing(
            before == null ? Instant.now() : before.since(),
            reason,
            before == null ? 1 : before.attempts() + 1);
  }

  private double failingSeconds() {
    Failing f = failing;
    return f == null ? 0 : Duration.between(f.since(), Instant.now()).toMillis() / 1000.0;
  }

  @Override
  public Health health() {
    Failing f = failing;
    if (f == null) {
      return Health.up().build();
    }
    return Health.down()
        .withDetail("reason", f.reason())
        .withDetail("failingSince", f.since().toString())
        .withDetail("failedAttempts", f.attempts())
        .withDetail("meanwhile", "nothing is acknowledged: events wait at the broker or the agents")
        .build();
  }
}
