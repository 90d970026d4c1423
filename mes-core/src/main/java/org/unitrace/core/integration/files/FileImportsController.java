package org.unitrace.core.integration.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.PageLimit;

/**
 * The file ledger for plant IT: which ERP files were taken, when, by which instance, and what
 * became of each (imported, rejected with its problems, or a duplicate of an earlier file).
 */
@RestController
@RequiredArgsConstructor
class FileImportsController {

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  record FileRecord(
      long id,
      String flow,
      String source,
      String fileName,
      long fileSize,
      OffsetDateTime fileModified,
      String sha256,
      String outcome,
      String movedTo,
      JsonNode detail,
      String report,
      String identity,
      String instance,
      OffsetDateTime at) {}

  @Operation(
      summary = "The files the inbound file flows took, newest first",
      description =
          "outcome: imported, rejected or duplicate. Each names its flow, source, file, where it"
              + " was moved and, for a rejected file, every problem with its row and field.")
  @GetMapping("/api/integration/files")
  List<FileRecord> list(
      @RequestParam(required = false) String flow,
      @RequestParam(required = false) String outcome,
      @RequestParam(defaultValue = "100") int limit) {
    PageLimit.check(limit, 1000);
    return jdbc.sql(
            SELECT
                + """
                 WHERE (CAST(:flow AS text) IS NULL OR flow = :flow)
                   AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
                 ORDER BY id DESC LIMIT :limit
                """)
        .param("flow", flow)
        .param("outcome", outcome)
        .param("limit", limit)
        .query(this::row)
        .list();
  }

  @GetMapping("/api/integration/files/{id}")
  FileRecord one(@PathVariable long id) {
    return jdbc.sql(SELECT + " WHERE id = ?")
        .param(id)
        .query(this::row)
        .optional()
        .orElseThrow(() -> new NotFoundException("integration file", String.valueOf(id)));
  }

  private FileRecord row(ResultSet rs, int n) throws SQLException {
    String detail = rs.getString("detail");
    JsonNode parsed;
    try {
      parsed = detail == null ? null : json.readTree(detail);
    } catch (Exception e) {
      throw new IllegalStateException(
          "integration_file " + rs.getLong("id") + " holds bad JSON", e);
    }
    return new FileRecord(
        rs.getLong("id"),
        rs.getString("flow"),
        rs.getString("source"),
        rs.getString("file_name"),
        rs.getLong("file_size"),
        rs.getObject("file_modified", OffsetDateTime.class),
        rs.getString("sha256"),
        rs.getString("outcome"),
        rs.getString("moved_to"),
        parsed,
        rs.getString("report"),
        rs.getString("identity"),
        rs.getString("instance"),
        rs.getObject("at", OffsetDateTime.class));
  }

  private static final String SELECT =
      """
      SELECT id, flow, source, file_name, file_size, file_modified, sha256, outcome, moved_to,
             detail::text AS detail, report, identity, instance, at
        FROM integration_file
      """;
}
