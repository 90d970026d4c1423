package org.unitrace.core.audit;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The HTTP surface of the trail without security: what is mapped, and what is not. */
class AuditControllerTest {

  private final AuditLog auditLog = mock(AuditLog.class);
  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(new AuditController(auditLog)).build();

  @Test
  void filtersArePassedOnAsAQuery() throws Exception {
    when(auditLog.find(any(AuditQuery.class))).thenReturn(List.of());
    mvc.perform(
            get("/api/audit")
                .param("actor", "alice")
                .param("action", "station.update")
                .param("entityType", "station")
                .param("entityId", "AKL/L1/S1")
                .param("from", "2025-01-01T00:00:00Z")
                .param("to", "2025-02-01T00:00:00Z")
                .param("limit", "50")
                .param("beforeId", "900"))
        .andExpect(status().isOk());
    verify(auditLog)
        .find(
            new AuditQuery(
                "alice",
                "station.update",
                "station",
                "AKL/L1/S1",
                Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-02-01T00:00:00Z"),
                50,
                900L));
  }

  @Test
  void beforeAndAfterAreAnsweredAsJsonObjects() throws Exception {
    ObjectMapper json = new ObjectMapper();
    AuditRecord record =
        new AuditRecord(
            7,
            OffsetDateTime.parse("2025-01-01T10:00:00Z"),
            "alice",
            "user",
            List.of("quality"),
            "station.update",
            "station",
            "AKL/L1/S1",
            json.readTree("{\"name\":\"Old\"}"),
            json.readTree("{\"name\":\"New\"}"),
            "ECO-12",
            null,
            null);
    when(auditLog.find(7L)).thenReturn(Optional.of(record));
    mvc.perform(get("/api/audit/7"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.before.name").value("Old"))
        .andExpect(jsonPath("$.after.name").value("New"))
        .andExpect(jsonPath("$.roles[0]").value("quality"));
  }

  @Test
  void recordsCannotBeChangedOrDeletedOverHttp() throws Exception {
    mvc.perform(put("/api/audit/7").contentType("application/json").content("{}"))
        .andExpect(status().isMethodNotAllowed());
    mvc.perform(patch("/api/audit/7").contentType("application/json").content("{}"))
        .andExpect(status().isMethodNotAllowed());
    mvc.perform(delete("/api/audit/7")).andExpect(status().isMethodNotAllowed());
    mvc.perform(delete("/api/audit")).andExpect(status().isMethodNotAllowed());
  }
}
