package org.unitrace.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One entry of the audit trail as read back; {@code before} and {@code after} are the JSON the
 * writer recorded (absent for a creation or a deletion respectively, or when nothing was given).
 */
public record AuditRecord(
    long id,
    OffsetDateTime at,
    String actor,
    String actorKind,
    List<String> roles,
    String action,
    String entityType,
    String entityId,
    JsonNode before,
    JsonNode after,
    String reason,
    String requestId,
    String remoteAddr) {}
