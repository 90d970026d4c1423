package org.unitrace.core.integration.epcis;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.security.ApiTokens;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.Text;

/**
 * Trading partners: where their capture interface is, how we prove who we are to it, which
 * customers and ship-to locations (with every location under them) they may see, whether their
 * shipments are pushed. The secret we present to the partner is never shown back.
 */
@Service
@RequiredArgsConstructor
class Partners {

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final ApiTokens tokens;

  enum AuthKind {
    NONE,
    BEARER,
    BASIC
  }

  /** What an admin sends to create or change a partner. */
  record Definition(
      String captureUrl,
      String auth,
      String username,
      String secret,
      List<String> customers,
      List<String> locations,
      Boolean push,
      Boolean includeCommissioning) {}

  /** A partner as shown: never the secret. */
  record Partner(
      String name,
      String captureUrl,
      AuthKind auth,
      String username,
      boolean secretSet,
      List<String> customers,
      List<String> locations,
      boolean push,
      boolean includeCommissioning,
      String createdBy,
      OffsetDateTime createdAt,
      String updatedBy,
      OffsetDateTime updatedAt) {}

  /** How to reach a partner's capture interface: internal, holds the secret. */
  record Endpoint(String name, String captureUrl, AuthKind auth, String username, String secret) {

    /** The Authorization header value, or null. */
    String authorization() {
      return switch (auth) {
        case NONE -> null;
        case BEARER -> "Bearer " + secret;
        case BASIC ->
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        (username + ":" + secret)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      };
    }
  }

  List<Partner> list() {
    return jdbc.sql(SELECT + " ORDER BY name").query((rs, i) -> partner(rs)).list();
  }

  Partner get(String name) {
    return find(name).orElseThrow(() -> new NotFoundException("EPCIS partner", name));
  }

  Optional<Partner> find(String name) {
    return jdbc.sql(SELECT + " WHERE name = ?")
        .param(name)
        .query((rs, i) -> partner(rs))
        .optional();
  }

  Optional<Endpoint> endpoint(String name) {
    return jdbc.sql(
            "SELECT name, capture_url, auth_kind, auth_username, auth_secret FROM epcis_partner"
                + " WHERE name = ?")
        .param(name)
        .query(
            (rs, i) ->
                new Endpoint(
                    rs.getString("name"),
                    rs.getString("capture_url"),
                    AuthKind.valueOf(rs.getString("auth_kind")),
                    rs.getString("auth_username"),
                    rs.getString("auth_secret")))
        .optional();
  }

  @Transactional
  Partner create(String name, Definition d, String by) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException(
          "'name' must be 1..64 letters, digits, '_', '.' or '-', starting with a letter or digit,"
              + " was '%s'".formatted(name));
    }
    if (find(name).isPresent()) {
      throw new ConflictException("EPCIS partner '%s' exists already".formatted(name));
    }
    Checked c = check(d, null);
    jdbc.sql(
            """
            INSERT INTO epcis_partner (name, capture_url, auth_kind, auth_username, auth_secret,
                                       customers, locations, push, include_commissioning,
                                       created_by, updated_by)
            VALUES (:name, :captureUrl, :auth, :username, :secret, :customers::text[],
                    :locations::text[], :push, :includeCommissioning, :by, :by)
            """)
        .params(columns(name, c, by))
        .update();
    Partner created = get(name);
    audit.record("epcis-partner.create", "epcis-partner", name, null, created, null);
    return created;
  }

  /** Replaces the definition; a secret left out keeps the one stored (when the kind is kept). */
  @Transactional
  Partner update(String name, Definition d, String by) {
    Partner before = get(name);
    jdbc.sql("SELECT name FROM epcis_partner WHERE name = ? FOR UPDATE")
        .param(name)
        .query()
        .listOfRows();
    Checked c = check(d, endpoint(name).orElseThrow());
    jdbc.sql(
            """
            UPDATE epcis_partner SET capture_url = :captureUrl, auth_kind = :auth,
                   auth_username = :username, auth_secret = :secret,
                   customers = :customers::text[], locations = :locations::text[], push = :push,
                   include_commissioning = :includeCommissioning, updated_by = :by,
                   updated_at = now()
             WHERE name = :name
            """)
        .params(columns(name, c, by))
        .update();
    Partner after = get(name);
    audit.record("epcis-partner.update", "epcis-partner", name, before, after, null);
    return after;
  }

  /** A checked definition as the columns of its row, by parameter name. */
  private static Map<String, Object> columns(String name, Checked c, String by) {
    Map<String, Object> columns = new HashMap<>();
    columns.put("name", name);
    columns.put("captureUrl", c.captureUrl());
    columns.put("auth", c.auth().name());
    columns.put("username", c.username());
    columns.put("secret", c.secret());
    columns.put("customers", array(c.customers()));
    columns.put("locations", array(c.locations()));
    columns.put("push", c.push());
    columns.put("includeCommissioning", c.includeCommissioning());
    columns.put("by", by);
    return columns;
  }

  /** An API token for the partner's queries: role partner, tied to this partner only. */
  @Transactional
  ApiTokens.Created createToken(String name, Duration validity, String by) {
    get(name);
    ApiTokens.Created token =
        tokens.create(
            new ApiTokens.Request(
                "epcis-partner " + name, List.of("partner"), null, null, validity),
            by);
    jdbc.sql("INSERT INTO epcis_partner_token (token_id, partner) VALUES (?, ?)")
        .params(token.id(), name)
        .update();
    return token;
  }

  /** A token tied to the partner, as listed (never its secret). */
  record PartnerToken(
      String id,
      String name,
      OffsetDateTime createdAt,
      String createdBy,
      OffsetDateTime expiresAt,
      OffsetDateTime revokedAt,
      OffsetDateTime lastUsedAt) {}

  List<PartnerToken> tokens(String name) {
    get(name);
    return jdbc.sql(
            """
            SELECT t.id, t.name, t.created_at, t.created_by, t.expires_at, t.revoked_at,
                   t.last_used_at
              FROM epcis_partner_token pt JOIN api_token t ON t.id = pt.token_id
             WHERE pt.partner = ? ORDER BY t.created_at DESC
            """)
        .param(name)
        .query(
            (rs, i) ->
                new PartnerToken(
                    rs.getString("id"),
                    rs.getString("name"),
                    rs.getObject("created_at", OffsetDateTime.class),
                    rs.getString("created_by"),
                    rs.getObject("expires_at", OffsetDateTime.class),
                    rs.getObject("revoked_at", OffsetDateTime.class),
                    rs.getObject("last_used_at", OffsetDateTime.class)))
        .list();
  }

  /** The partner a token queries for, if it is a partner's token. */
  Optional<String> partnerOfToken(String tokenId) {
    return jdbc.sql("SELECT partner FROM epcis_partner_token WHERE token_id = ?")
        .param(tokenId)
        .query(String.class)
        .optional();
  }

  private record Checked(
      String captureUrl,
      AuthKind auth,
      String username,
      String secret,
      List<String> customers,
      List<String> locations,
      boolean push,
      boolean includeCommissioning) {}

  private Checked check(Definition d, Endpoint current) {
    if (d == null) {
      throw new IllegalArgumentException("the partner's definition is required (a JSON body)");
    }
    String url = Text.blankToNull(d.captureUrl());
    if (url != null) {
      try {
        URI uri = new URI(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new URISyntaxException(url, "not an absolute http or https URL with a host");
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "'captureUrl' must be an absolute http(s) URL of the partner's capture interface"
                + " (e.g. https://epcis.partner.example/capture), was '%s': %s"
                    .formatted(url, e.getReason()));
      }
    }
    boolean push = Boolean.TRUE.equals(d.push());
    if (push && url == null) {
      throw new IllegalArgumentException("'push' needs a 'captureUrl' to push to");
    }
    AuthKind auth;
    try {
      auth =
          d.auth() == null
              ? AuthKind.NONE
              : AuthKind.valueOf(d.auth().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'auth' must be one of %s, was '%s'"
              .formatted(Arrays.toString(AuthKind.values()), d.auth()));
    }
    String secret = Text.blankToNull(d.secret());
    if (secret == null && current != null && current.auth() == auth) {
      secret = current.secret();
    }
    String username = Text.blankToNull(d.username());
    if (auth != AuthKind.NONE && secret == null) {
      throw new IllegalArgumentException(
          "'secret' is required for auth %s: the %s the partner gave us"
              .formatted(auth, auth == AuthKind.BEARER ? "bearer token" : "password"));
    }
    if (auth == AuthKind.NONE) {
      secret = null;
    }
    if ((auth == AuthKind.BASIC) != (username != null)) {
      throw new IllegalArgumentException(
          auth == AuthKind.BASIC
              ? "'username' is required for auth BASIC"
              : "'username' is for auth BASIC only");
    }
    List<String> customers = names(d.customers());
    List<String> locations = names(d.locations());
    for (String c : customers) {
      if (!exists("customer", "reference", c)) {
        throw new IllegalArgumentException(
            "'customers' names an unknown customer '%s'".formatted(c));
      }
    }
    for (String l : locations) {
      if (!exists("location", "code", l)) {
        throw new IllegalArgumentException(
            "'locations' names an unknown location '%s'".formatted(l));
      }
    }
    return new Checked(
        url,
        auth,
        username,
        secret,
        customers,
        locations,
        push,
        d.includeCommissioning() == null || d.includeCommissioning());
  }

  private boolean exists(String table, String key, String value) {
    return jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + key + " = ?")
            .param(value)
            .query(Integer.class)
            .single()
        > 0;
  }

  private static List<String> names(List<String> values) {
    if (values == null) {
      return List.of();
    }
    if (values.stream().anyMatch(v -> v == null || v.isBlank())) {
      throw new IllegalArgumentException("customers and locations must not hold empty names");
    }
    return values.stream().map(String::strip).distinct().sorted().toList();
  }

  private static String[] array(List<String> values) {
    return values.toArray(String[]::new);
  }

  private static final String SELECT =
      """
      SELECT name, capture_url, auth_kind, auth_username, auth_secret IS NOT NULL AS secret_set,
             customers, locations, push, include_commissioning, created_by, created_at,
             updated_by, updated_at
        FROM epcis_partner
      """;

  private static Partner partner(ResultSet rs) throws SQLException {
    return new Partner(
        rs.getString("name"),
        rs.getString("capture_url"),
        AuthKind.valueOf(rs.getString("auth_kind")),
        rs.getString("auth_username"),
        rs.getBoolean("secret_set"),
        List.of((String[]) rs.getArray("customers").getArray()),
        List.of((String[]) rs.getArray("locations").getArray()),
        rs.getBoolean("push"),
        rs.getBoolean("include_commissioning"),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getString("updated_by"),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
