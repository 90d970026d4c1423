package org.unitrace.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {

  private static String shipped() throws Exception {
    return Files.readString(Path.of("scenarios/demo.yml"));
  }

  @Test
  void theShippedScenarioHasTwoLinesOneFeedingTheOther() throws Exception {
    Scenario s = Scenario.parse("demo.yml", shipped());
    assertThat(s.site()).isEqualTo("AKL");
    assertThat(s.lines()).extracting(Scenario.Line::line).containsExactly("L2", "L1");
    assertThat(s.line("L1").consumes()).isEqualTo("L2");
    assertThat(s.line("L2").serialized().partNumber()).isEqualTo("PCB-100");
    assertThat(s.line("L2").cycleTime()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.line("L2").lot().lots()).contains(s.faultyLot());
    assertThat(s.logistics().customers()).hasSize(3);
    assertThat(s.line("L2").serialDevices()).isTrue();
    assertThat(s.line("L1").cycleTargets())
        .containsEntry("ASM", Duration.ofSeconds(4))
        .containsEntry("MARK", Duration.ofMillis(1500));
    assertThat(s.line("L2").endOfLine()).isNull();
    assertThat(s.line("L1").endOfLine()).isEqualTo(new Scenario.EndOfLine("EOL", 0.02, "Voltage"));
  }

  @Test
  void aPortInUseIsNamedWithWhatWantsItBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertThat(DemoPlant.busyPort(new DemoPlant.Ports(port, 1, 2, 3), 2))
          .startsWith("port " + port + " for mes-core's HTTP (--http-port) is in use");
    }
    assertThat(DemoPlant.busyPort(new DemoPlant.Ports(40100, 40101, 40102, 40103), 2))
        .isEqualTo(
            "port 40103 is wanted twice: by PLC simulator 1 (--opc-port) and edge agent 2"
                + " (--agent-port)");
  }

  @Test
  void wrongValuesNameTheirKey() throws Exception {
    assertThatThrownBy(() -> shippedWith("nokRate: 0.04", "nokRate: 4"))
        .hasMessage("demo.yml: lines[0].nokRate: must be between 0 and 1");
    assertThatThrownBy(() -> shippedWith("cycleTime: 2s", "cycleTime: soon"))
        .hasMessageContaining("lines[0].cycleTime: 'soon' is not a duration");
    assertThatThrownBy(() -> shippedWith("faultyLot: C-2612", "faultyLot: X-1"))
        .hasMessageContaining("faultyLot: 'X-1' is not among any line's lots");
    assertThatThrownBy(() -> shippedWith("consumes: L2", "consumes: L9"))
        .hasMessageContaining("lines[1].consumes: names no line: 'L9'");
    assertThatThrownBy(() -> shippedWith("station: EOL", "station: \"\""))
        .hasMessage("demo.yml: lines[1].endOfLineTest.station: must not be empty");
    assertThatThrownBy(() -> shippedWith("EOL: 4s", "EOL: soon"))
        .hasMessageContaining("lines[1].cycleTargets.EOL: 'soon' is not a duration");
    assertThat(shippedWith("cycleTime: 2s", "cycleTime: 750ms").line("L2").cycleTime())
        .isEqualTo(Duration.ofMillis(750));
  }

  /** The shipped scenario with every {@code text} in it changed to {@code by}. */
  private static Scenario shippedWith(String text, String by) throws Exception {
    return Scenario.parse("demo.yml", shipped().replace(text, by));
  }
}
