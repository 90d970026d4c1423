package org.unitrace.systemtests.edge;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.StationSpec;

/**
 * Not a test: a benchmark run by {@code bench/edge-latency.sh}. Three stations on the PLC simulator
 * cycle every 100 ms for a minute; the agent runs as its own process; the latency is the time from
 * the PLC's source timestamp of the cycle counter to the core's commit of the event ({@code
 * received_at - occurred_at}, one clock on one machine).
 */
class EdgeLatencyBenchmark extends CoreITSupport {

  @TempDir static Path dir;

  @Test
  void cycleCompleteToStoredInTheCore() throws Exception {
    Duration run = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    List<StationSpec> specs =
        List.of("ST10", "ST20", "ST30").stream()
            .map(
                id ->
                    StationSpec.of(id, List.of("Torque", "Angle"))
                        .withProduction(Duration.ofMillis(100), 0.05, 0.0))
            .toList();
    try (PlcSimulator plc =
        EdgeLine.startPlc(dir.resolve("plc"), specs.toArray(StationSpec[]::new))) {
      PlcStation[] stations =
          specs.stream()
              .map(
                  s ->
                      PlcStation.of(plc, s.id(), "assembly")
                          .signals("cycleComplete", "result", "unitId", "state")
                          .values("Torque", "Angle"))
              .toArray(PlcStation[]::new);
      EdgeLine line =
          EdgeLine.write(dir.resolve("agent"), EdgeLine.plc1(plc, "10ms", "20ms"), stations);
      try (AgentProcess agent = new AgentProcess(line.file)) {
        agent.start();
        plc.startCycling();
        Thread.sleep(run.toMillis());
        plc.stopCycling();
        long cycles = specs.stream().mapToLong(s -> plc.station(s.id()).cycleCount()).sum();
        String memory = agent.memory();
        // every cycle is either a result or counted in a gap record (CyclesNotCaptured)
        CoreRecords core = new CoreRecords(jdbc);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> core.resultCount(line.site) + core.notCaptured(line.site) >= cycles - 3);
        long notCaptured = core.notCaptured(line.site);
        Map<String, Object> latency =
            jdbc.queryForMap(
                """
                SELECT count(*) AS n,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
                  max(ms) AS max
                FROM (SELECT extract(epoch FROM received_at - occurred_at) * 1000 AS ms
                      FROM event WHERE site = ? AND type = 'StationResult') l
                """,
                line.site);
        System.out.printf(
            "%nEDGE LATENCY over %d s: %d cycles on the PLC, %s station results stored, %d"
                + " cycles recorded as not captured (%.1f %%); PLC cycle to core commit p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
                + " agent memory %s%n%n",
            run.toSeconds(),
            cycles,
            latency.get("n"),
            notCaptured,
            100.0 * notCaptured / Math.max(1, cycles),
            ((Number) latency.get("p50")).doubleValue(),
            ((Number) latency.get("p99")).doubleValue(),
            ((Number) latency.get("max")).doubleValue(),
            memory);
        // where in the run the slow ones were: a cold start shows in the first window only
        List<String> windows =
            jdbc.queryForList(
                """
                SELECT format('%s-%s s: p99 %s ms, max %s ms', w * 5, w * 5 + 5,
                         round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)),
                         round(max(ms)))
                FROM (SELECT floor(extract(epoch FROM occurred_at - min(occurred_at) OVER ()) / 5)::int AS w,
                             extract(epoch FROM received_at - occurred_at) * 1000 AS ms
                      FROM event WHERE site = ? AND type = 'StationResult') l
                GROUP BY w ORDER BY w
                """,
                String.class, line.site);
        System.out.printf("EDGE LATENCY by 5 s of the run: %s%n%n", String.join("; ", windows));
      }
    }
  }
}
