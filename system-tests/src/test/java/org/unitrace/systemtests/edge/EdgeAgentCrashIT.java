package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestServers;

/**
 * The agent killed with SIGKILL in the middle of production and started again: every cycle the
 * station reported reaches the core once, and the agent's seq has no gap and no repeat.
 */
class EdgeAgentCrashIT extends CoreITSupport {

  private static final int CYCLES = 400;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  @Test
  void killedMidStreamTheAgentLosesNothingAndDuplicatesNothing() throws Exception {
    String prefix = TestServers.unique("crash/");
    EdgeLine line =
        EdgeLine.write(dir, EdgeLine.lineBroker(), EdgeLine.jsonPackStation(prefix, ""));
    try (AgentProcess agent = new AgentProcess(line.file);
        MqttTestPublisher station = new MqttTestPublisher(TestServers.mqttUrl())) {
      agent.start();
      publish(station, prefix, line.site, 0); // the counter's first value: no cycle
      for (int i = 1; i <= CYCLES; i++) {
        publish(station, prefix, line.site, i);
        if (i == CYCLES / 3) {
          await().atMost(Duration.ofSeconds(20)).until(() -> stored(line.site) > 10);
          agent.kill(); // mid-stream: the station keeps producing, the broker keeps its session
        }
        if (i == 2 * CYCLES / 3) {
          agent.start();
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> stored(line.site) >= CYCLES);
    }

    Map<String, Object> results =
        jdbc.queryForMap(
            "SELECT count(*) AS n, count(DISTINCT unit_serial) AS units FROM station_event"
                + " WHERE site = ? AND type = 'StationResult'",
            line.site);
    assertThat(((Number) results.get("n")).intValue()).isEqualTo(CYCLES);
    assertThat(((Number) results.get("units")).intValue()).isEqualTo(CYCLES);
    Map<String, Object> seq =
        jdbc.queryForMap(
            "SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq, min(seq) AS lo, max(seq) AS hi"
                + " FROM event WHERE agent_id = ?",
            line.agentId);
    assertThat(((Number) seq.get("lo")).longValue()).isZero();
    assertThat(((Number) seq.get("n")).longValue())
        .isEqualTo(((Number) seq.get("distinct_seq")).longValue())
        .isEqualTo(((Number) seq.get("hi")).longValue() + 1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM agent_seq_gap WHERE agent_id = ?",
                Integer.class,
                line.agentId))
        .isZero();
  }

  private int stored(String site) {
    return new CoreRecords(jdbc).resultCount(site);
  }

  private static void publish(MqttTestPublisher station, String prefix, String site, int i) {
    String json =
        "{\"counter\":%d,\"result\":\"%s\",\"unit\":\"%s-P%d\",\"values\":{\"Weight\":%d.5}}"
            .formatted(i, i % 7 == 0 ? "NOK" : "OK", site, i, i);
    station.publish(prefix + "/cycle", json.getBytes(StandardCharsets.UTF_8));
  }
}
