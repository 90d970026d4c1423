package org.unitrace.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The audit trail, for every feature that writes on a caller's behalf: a regulated plant must be
 * able to show who recorded or changed what, from what, to what, and why.
 *
 * <p>{@link #record} writes through the application's {@code JdbcClient}, so inside a transaction
 * it joins it: the record commits with the change it describes, or disappears with it. A failure to
 * record fails the write; nothing is changed unaudited. The database keeps records append-only.
 */
@Service
@RequiredArgsConstructor
public class AuditLog {

  private static final String COLUMNS =
      """
      SELECT id, at, actor, actor_kind, roles, action, entity_type, entity_id,
             before::text AS before, after::text AS after, reason, request_id, remote_addr
        FROM audit_record
      """;

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  /**
   * Records that the current caller (from Spring Security; the system when there is none) did
   * {@code action} to an entity. {@code before}/{@code after} are serialized as JSON, either may be
   * null (nothing before a creation, nothing after a deletion).
   *
   * @param action what was done, {@code <entity>.<verb>}: {@code station.update}, {@code
   *     recall.close}
   * @param reason why, as the caller gave it; null where the action needs none
   */
  public void record(
      String action,
      String entityType,
      String entityId,
      Object before,
      Object after,
      String reason) {
    if (action == null || action.isBlank()) {
      throw new IllegalArgumentException("an audit record needs an action");
    }
    Actor actor = Actor.current();
    RequestOrigin origin = RequestOrigin.current();
    jdbc.sql(
            """
            INSERT INTO audit_record (actor, actor_kind, roles, action, entity_type, entity_id,
                                      before, after, reason, request_id, remote_addr)
            VALUES (:actor, :actorKind, :roles, :action, :entityType, :entityId,
                    :before::jsonb, :after::jsonb, :reason, :requestId, :remoteAddr)
            """)
        .param("actor", actor.name())
        .param("actorKind", actor.kind().name())
        .param("roles", actor.roles().toArray(String[]::new))
        .param("action", action.strip())
        .param("entityType", entityType)
        .param("entityId", entityId)
        .param("before", toJson(before, action))
        .param("after", toJson(after, action))
        .param("reason", reason == null || reason.isBlank() ? null : reason.strip())
        .param("requestId", origin.requestId())
        .param("remoteAddr", origin.remoteAddr())
        .update();
  }

  /**
   * Records {@code action} once per entity of {@code afterById} (its id, what it is after; what it
   * was before from {@code beforeById}, which may be null), all by the current caller for one
   * {@code reason}, in one statement: what {@link #record} would write for each, in the map's
   * order.
   */
  public void recordEach(
      String action,
      String entityType,
      Map<String, ?> beforeById,
      Map<String, ?> afterById,
      String reason) {
    if (action == null || action.isBlank()) {
      throw new IllegalArgumentException("an audit record needs an action");
    }
    if (afterById.isEmpty()) {
      return;
    }
    Actor actor = Actor.current();
    RequestOrigin origin = RequestOrigin.current();
    jdbc.sql(
            """
            INSERT INTO audit_record (actor, actor_kind, roles, action, entity_type, entity_id,
                                      before, after, reason, request_id, remote_addr)
            SELECT :actor, :actorKind, :roles, :action, :entityType, e.id, e.before::jsonb,
                   e.after::jsonb, :reason, :requestId, :remoteAddr
              FROM unnest(:ids::text[], :befores::text[], :afters::text[])
                   WITH ORDINALITY AS e(id, before, after, n)
             ORDER BY e.n
            """)
        .param("actor", actor.name())
        .param("actorKind", actor.kind().name())
        .param("roles", actor.roles().toArray(String[]::new))
        .param("action", action.strip())
        .param("entityType", entityType)
        .param("ids", afterById.keySet().toArray(String[]::new))
        .param(
            "befores",
            afterById.keySet().stream()
                .map(id -> beforeById == null ? null : toJson(beforeById.get(id), action))
                .toArray(String[]::new))
        .param(
            "afters",
            afterById.values().stream().map(after -> toJson(after, action)).toArray(String[]::new))
        .param("reason", reason == null || reason.isBlank() ? null : reason.strip())
        .param("requestId", origin.requestId())
        .param("remoteAddr", origin.remoteAddr())
        .update();
  }

  /**
   * For actions a plant must be able to justify (a recall closed, a unit scrapped, a token
   * revoked): refuses the request, before anything changes, when the caller gave no reason.
   */
  public void requireReason(String reason, String action) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a reason is required for " + action);
    }
    if (reason.length() > MAX_REASON) {
      throw new IllegalArgumentException(
          "the reason for %s is %d characters, at most %d"
              .formatted(action, reason.length(), MAX_REASON));
    }
  }

  /** The longest reason kept; a reason is a sentence or a paragraph, not a document. */
  public static final int MAX_REASON = 2000;

  /** The records that match, newest first. */
  public List<AuditRecord> find(AuditQuery query) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    filter(where, params, "actor = :actor", "actor", query.actor());
    filter(where, params, "action = :action", "action", query.action());
    filter(where, params, "entity_type = :entityType", "entityType", query.entityType());
    filter(where, params, "entity_id = :entityId", "entityId", query.entityId());
    filter(where, params, "at >= :from", "from", utc(query.from()));
    filter(where, params, "at < :to", "to", utc(query.to()));
    filter(where, params, "id < :beforeId", "beforeId", query.beforeId());
    String sql =
        COLUMNS
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY id DESC LIMIT :limit";
    return jdbc.sql(sql).params(params).param("limit", query.limit()).query(this::row).list();
  }

  /** One record by its id. */
  public Optional<AuditRecord> find(long id) {
    return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query(this::row).optional();
  }

  private static void filter(
      List<String> where, Map<String, Object> params, String condition, String name, Object value) {
    if (value != null) {
      where.add(condition);
      params.put(name, value);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private String toJson(Object value, String action) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot record %s: %s is not serializable as JSON: %s"
              .formatted(action, value.getClass().getName(), e.getOriginalMessage()),
          e);
    }
  }

  private AuditRecord row(ResultSet rs, int rowNum) throws SQLException {
    return new AuditRecord(
        rs.getLong("id"),
        rs.getObject("at", OffsetDateTime.class),
        rs.getString("actor"),
        rs.getString("actor_kind"),
        strings(rs.getArray("roles")),
        rs.getString("action"),
        rs.getString("entity_type"),
        rs.getString("entity_id"),
        fromJson(rs.getString("before")),
        fromJson(rs.getString("after")),
        rs.getString("reason"),
        rs.getString("request_id"),
        rs.getString("remote_addr"));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private JsonNode fromJson(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit_record holds invalid JSON: " + e.getMessage(), e);
    }
  }
}
