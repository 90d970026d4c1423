package org.unitrace.edge.agent;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.unitrace.edge.TestLines.BROKER;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.unitrace.edge.config.LineConfigLoader;

/**
 * The operator terminal's endpoints on a running agent (its outbox and the test broker real): a
 * scanned reel loads its lot, a unit label makes the unit known, rework unbinds, an unload takes
 * the lot off; bad requests say what is wrong; other machines need the operator token.
 */
class StationControllerIT {

  @TempDir Path dir;
  private EdgeAgent agent;
  private MockMvc mvc;

  @BeforeEach
  void agent() throws Exception {
    Path file = dir.resolve("line.yml");
    Files.writeString(
        file,
        """
        site: AKL
        line: L9
        core: { mqtt: { url: "%s", clientId: station-controller-it-%d } }
        outbox: { file: outbox.db }
        stations:
          - id: ST20
            kind: assembly
            unit: { source: scan }
            binding:
              patterns:
                - { regex: "LOT:(?<part>[A-Z0-9-]+):(?<lot>[A-Z0-9-]+)" }
                - { partNumber: PCB-100, regex: "PCB-(?<serial>[0-9]+)" }
        """
            .formatted(BROKER, System.nanoTime()));
    agent = new EdgeAgent(new LineConfigLoader().load(file), new SimpleMeterRegistry());
    agent.start();
    mvc = MockMvcBuilders.standaloneSetup(new StationController(agent, "op-secret")).build();
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder json(
      String path, String body) {
    return post(path).contentType(MediaType.APPLICATION_JSON).content(body);
  }

  @Test
  void scansLoadBindAndReworkThroughTheTerminal() throws Exception {
    mvc.perform(json("/api/stations/ST20/scans", "{\"label\": \"LOT:HSG-7:A17\"}"))
        .andExpect(status().isAccepted());
    mvc.perform(get("/api/stations/ST20/loaded"))
        .andExpect(status().isOk())
        .andExpect(content().string("{\"HSG-7\":\"HSG-7 A17\"}"));
    mvc.perform(json("/api/stations/ST20/scans", "{\"label\": \"U-100\"}"))
        .andExpect(status().isAccepted());
    mvc.perform(json("/api/stations/ST20/scans", "{\"label\": \"PCB-555\"}"))
        .andExpect(status().isAccepted());
    mvc.perform(
            json(
                "/api/stations/ST20/unbind",
                "{\"unitSerial\": \"U-100\", \"partNumber\": \"PCB-100\","
                    + " \"componentSerial\": \"555\", \"reason\": \"cracked\"}"))
        .andExpect(status().isAccepted());
    mvc.perform(
            json("/api/stations/ST20/unload", "{\"slot\": \"HSG-7\", \"remainingQuantity\": 40}"))
        .andExpect(status().isAccepted());
    mvc.perform(get("/api/stations/ST20/loaded")).andExpect(content().string("{}"));
  }

  @Test
  void badRequestsSayWhatIsWrong() throws Exception {
    mvc.perform(json("/api/stations/ST20/unload", "{\"slot\": \"X\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            content()
                .string(
                    org.hamcrest.Matchers.containsString(
                        "nothing is loaded in slot 'X' at station ST20")));
    mvc.perform(json("/api/stations/ST99/scans", "{\"label\": \"x\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            content()
                .string(org.hamcrest.Matchers.containsString("no station 'ST99' on this line")));
    mvc.perform(
            json(
                "/api/stations/ST20/unbind",
                "{\"unitSerial\": \"U-1\", \"partNumber\": \"P\", \"lot\": \"L\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("unbind needs a reason")));
    mvc.perform(json("/api/stations/ST20/scans", "{}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("'label' is required")));
  }

  @Test
  void anotherMachineNeedsTheOperatorToken() throws Exception {
    mvc.perform(
            json("/api/stations/ST20/scans", "{\"label\": \"LOT:HSG-7:A18\"}")
                .with(
                    r -> {
                      r.setRemoteAddr("10.1.2.3");
                      return r;
                    }))
        .andExpect(status().isForbidden());
    mvc.perform(
            json("/api/stations/ST20/scans", "{\"label\": \"LOT:HSG-7:A18\"}")
                .header("Authorization", "Bearer op-secret")
                .with(
                    r -> {
                      r.setRemoteAddr("10.1.2.3");
                      return r;
                    }))
        .andExpect(status().isAccepted());
  }
}
