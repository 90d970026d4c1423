package org.unitrace.core.audit;

import java.time.Instant;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.NotFoundException;

/**
 * Reading the audit trail. Deliberately read-only: there is no PUT, PATCH or DELETE mapping, so
 * those answer 405 Method Not Allowed. Who may read it (admin and quality) is decided in the
 * security configuration, not here.
 */
@RestController
@RequestMapping("/api/audit")
@RequiredArgsConstructor
class AuditController {

  private final AuditLog auditLog;

  /** Newest first; {@code from}/{@code to} are ISO-8601 instants, {@code to} exclusive. */
  @GetMapping
  List<AuditRecord> records(
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String entityType,
      @RequestParam(required = false) String entityId,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(defaultValue = "" + AuditQuery.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) Long beforeId) {
    return auditLog.find(
        new AuditQuery(actor, action, entityType, entityId, from, to, limit, beforeId));
  }

  @GetMapping("/{id}")
  AuditRecord record(@PathVariable long id) {
    return auditLog.find(id).orElseThrow(() -> new NotFoundException("audit record", "" + id));
  }
}
