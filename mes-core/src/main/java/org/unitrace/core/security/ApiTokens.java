package org.unitrace.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.contract.Topics;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.NotFoundException;

/**
 * API tokens: {@code ut_<id>_<secret>}. The secret is shown once, at creation; only its SHA-256 is
 * stored, so a leaked database does not leak tokens. A token expires, and can be revoked at once.
 */
@Service
public class ApiTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "ut_";

  private final JdbcClient jdbc;
  private final SecurityProperties properties;
  private final AuditLog audit;
  private final Recent<String, Stored> recent;

  ApiTokens(JdbcClient jdbc, SecurityProperties properties, AuditLog audit) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.audit = audit;
    this.recent = properties.lookupCache().recent();
  }

  /** A token's row as a login reads it: the secret's hash, and the rest. */
  private record Stored(String hash, Listed token) {}

  /** What a caller asks for. {@code site}/{@code line} only (and always) for an edge token. */
  public record Request(
      String name, List<String> roles, String site, String line, Duration validity) {}

  /** The token as created: {@code token} is the only time the secret is seen. */
  public record Created(
      String id,
      String name,
      String token,
      List<Role> roles,
      String site,
      String line,
      OffsetDateTime expiresAt) {}

  /** A token as listed: never its secret. */
  public record Listed(
      String id,
      String name,
      List<Role> roles,
      String site,
      String line,
      OffsetDateTime createdAt,
      String createdBy,
      OffsetDateTime expiresAt,
      OffsetDateTime revokedAt,
      String revokedBy,
      OffsetDateTime lastUsedAt) {

    Listed usedAt(OffsetDateTime at) {
      return new Listed(
          id, name, roles, site, line, createdAt, createdBy, expiresAt, revokedAt, revokedBy, at);
    }
  }

  @Transactional
  public Created create(Request request, String createdBy) {
    if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
      throw new IllegalArgumentException("'name' is required, at most 100 characters");
    }
    List<Role> roles = Role.parse(request.roles() == null ? List.of() : request.roles());
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("'roles' must name at least one role");
    }
    boolean edge = roles.contains(Role.edge);
    if (edge && (request.site() == null || request.line() == null)) {
      throw new IllegalArgumentException(
          "an edge token needs 'site' and 'line': the line it speaks for");
    }
    if (edge && roles.size() > 1) {
      throw new IllegalArgumentException("an edge token has the role edge only");
    }
    if (!edge && (request.site() != null || request.line() != null)) {
      throw new IllegalArgumentException("'site' and 'line' scope edge tokens only");
    }
    if (edge
        && !(Topics.CODE.matcher(request.site()).matches()
            && Topics.CODE.matcher(request.line()).matches())) {
      throw new IllegalArgumentException("'site' and 'line' must match " + Topics.CODE);
    }
    Duration validity =
        request.validity() == null ? properties.maxTokenValidity() : request.validity();
    if (validity.isNegative()
        || validity.isZero()
        || validity.compareTo(properties.maxTokenValidity()) > 0) {
      throw new IllegalArgumentException(
          "'validity' must be positive and at most %s".formatted(properties.maxTokenValidity()));
    }
    String id = randomId();
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(validity);
    jdbc.sql(
            """
            INSERT INTO api_token (id, name, secret_sha256, roles, site, line, expires_at, created_by)
            VALUES (?, ?, ?, ?::text[], ?, ?, ?, ?)
            """)
        .params(
            id,
            request.name(),
            sha256(secret),
            roleArray(roles),
            request.site(),
            request.line(),
            expiresAt,
            createdBy)
        .update();
    audit.record("token.create", "token", id, null, find(id).orElseThrow(), null);
    return new Created(
        id,
        request.name(),
        PREFIX + id + "_" + secret,
        roles,
        request.site(),
        request.line(),
        expiresAt);
  }

  public List<Listed> list() {
    return jdbc.sql(
            """
            SELECT id, name, roles, site, line, created_at, created_by, expires_at, revoked_at,
                   revoked_by, last_used_at
              FROM api_token ORDER BY created_at DESC
            """)
        .query((rs, i) -> listed(rs))
        .list();
  }

  @Transactional
  public Listed revoke(String id, String by) {
    Listed before = find(id).orElseThrow(() -> new NotFoundException("token", id));
    int n =
        jdbc.sql(
                "UPDATE api_token SET revoked_at = now(), revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
            .params(by, id)
            .update();
    recent.forgetAfterCommit(id);
    Listed token = find(id).orElseThrow();
    if (n == 0 && token.revokedAt() == null) {
      throw new IllegalStateException("token " + id + " could not be revoked");
    }
    if (n > 0) {
      audit.record("token.revoke", "token", id, before, token, null);
    }
    return token;
  }

  Optional<Listed> find(String id) {
    return jdbc.sql(
            """
            SELECT id, name, roles, site, line, created_at, created_by, expires_at, revoked_at,
                   revoked_by, last_used_at
              FROM api_token WHERE id = ?
            """)
        .param(id)
        .query((rs, i) -> listed(rs))
        .optional();
  }

  /** The principal a presented token stands for; refuses unknown, revoked and expired tokens. */
  ApiTokenPrincipal authenticate(String presented) {
    if (presented == null || !presented.startsWith(PREFIX)) {
      throw new BadCredentialsException("not an API token");
    }
    int split = presented.indexOf('_', PREFIX.length());
    if (split < 0) {
      throw new BadCredentialsException("malformed API token");
    }
    String id = presented.substring(PREFIX.length(), split);
    String secret = presented.substring(split + 1);
    Stored stored =
        Optional.ofNullable(recent.get(id, this::stored))
            .orElseThrow(() -> new BadCredentialsException("unknown API token"));
    if (!MessageDigest.isEqual(
        stored.hash().getBytes(StandardCharsets.US_ASCII),
        sha256(secret).getBytes(StandardCharsets.US_ASCII))) {
      throw new BadCredentialsException("unknown API token");
    }
    Listed t = stored.token();
    if (t.revokedAt() != null) {
      throw new BadCredentialsException(
          "API token '%s' was revoked at %s".formatted(t.name(), t.revokedAt()));
    }
    if (t.expiresAt().isBefore(OffsetDateTime.now())) {
      throw new CredentialsExpiredException(
          "API token '%s' expired at %s".formatted(t.name(), t.expiresAt()));
    }
    if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(OffsetDateTime.now().minusMinutes(1))) {
      jdbc.sql("UPDATE api_token SET last_used_at = now() WHERE id = ?").param(id).update();
      recent.put(id, new Stored(stored.hash(), t.usedAt(OffsetDateTime.now())));
    }
    return new ApiTokenPrincipal(t.id(), t.name(), t.roles(), t.site(), t.line(), t.expiresAt());
  }

  private Stored stored(String id) {
    return jdbc.sql(
            """
            SELECT secret_sha256, id, name, roles, site, line, created_at, created_by,
                   expires_at, revoked_at, revoked_by, last_used_at
              FROM api_token WHERE id = ?
            """)
        .param(id)
        .query((rs, i) -> new Stored(rs.getString("secret_sha256"), listed(rs)))
        .optional()
        .orElse(null);
  }

  private static Listed listed(ResultSet rs) throws SQLException {
    return new Listed(
        rs.getString("id"),
        rs.getString("name"),
        roles(rs.getArray("roles")),
        rs.getString("site"),
        rs.getString("line"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getString("created_by"),
        rs.getObject("expires_at", OffsetDateTime.class),
        rs.getObject("revoked_at", OffsetDateTime.class),
        rs.getString("revoked_by"),
        rs.getObject("last_used_at", OffsetDateTime.class));
  }

  static List<Role> roles(Array array) throws SQLException {
    return Role.parse(Arrays.asList((String[]) array.getArray()));
  }

  static String roleArray(List<Role> roles) {
    return "{" + String.join(",", roles.stream().map(Role::name).toList()) + "}";
  }

  private static String randomId() {
    byte[] b = randomBytes(9);
    return HexFormat.of().formatHex(b);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String sha256(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
