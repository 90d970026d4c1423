package org.unitrace.core.security;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserCache;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.NotFoundException;

/**
 * Built-in users, their salted password hashes (Spring Security's delegating encoder, bcrypt) and
 * roles. People hold people's roles; {@code edge} is for agent tokens only.
 */
@Service
public class Users implements UserDetailsService {

  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{2,64}");
  static final int MIN_PASSWORD = 12;

  private final JdbcClient jdbc;
  private final PasswordEncoder encoder;
  private final AuditLog audit;
  private final Recent<String, Row> recent;

  Users(JdbcClient jdbc, PasswordEncoder encoder, AuditLog audit, SecurityProperties properties) {
    this.jdbc = jdbc;
    this.encoder = encoder;
    this.audit = audit;
    this.recent = properties.lookupCache().recent();
  }

  /** What a password login read of a user's row. */
  private record Row(String hash, List<Role> roles, boolean enabled, long version) {}

  public record Account(
      String username,
      List<Role> roles,
      boolean enabled,
      OffsetDateTime createdAt,
      String createdBy,
      OffsetDateTime passwordChangedAt) {}

  /**
   * A person as a password login found them, with the {@link #credentialsVersion} of their row at
   * that moment: a session opened with it lasts only while the row keeps it ({@link
   * #sessionValid}).
   */
  static final class Person extends User {
    private final List<Role> roles;
    private final long credentialsVersion;

    Person(String username, String hash, List<Role> roles, boolean enabled, long version) {
      super(
          username, hash, enabled, true, true, true, roles.stream().map(Role::authority).toList());
      this.roles = List.copyOf(roles);
      this.credentialsVersion = version;
    }

    List<Role> roles() {
      return roles;
    }

    long credentialsVersion() {
      return credentialsVersion;
    }
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return jdbc.sql(
            """
            SELECT password_hash, roles, enabled, credentials_version
              FROM app_user WHERE username = ?
            """)
        .param(username)
        .query(
            (rs, i) ->
                new Person(
                    username,
                    rs.getString(1),
                    ApiTokens.roles(rs.getArray(2)),
                    rs.getBoolean(3),
                    rs.getLong(4)))
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("no user '" + username + "'"));
  }

  /**
   * The users that logged in with a password a moment ago, for the password login ({@link
   * SecurityConfiguration}): a login that the kept row refuses (a password changed, a user enabled
   * on another instance) reads the row again before it fails. Each lookup gets a new {@link
   * Person}: a login erases the password hash of the person it authenticated.
   */
  UserCache recentLogins() {
    return new UserCache() {
      @Override
      public UserDetails getUserFromCache(String username) {
        Row row = recent.kept(username);
        return row == null
            ? null
            : new Person(username, row.hash(), row.roles(), row.enabled(), row.version());
      }

      @Override
      public void putUserInCache(UserDetails user) {
        if (user instanceof Person p) {
          recent.put(
              p.getUsername(),
              new Row(p.getPassword(), p.roles(), p.isEnabled(), p.credentialsVersion()));
        }
      }

      @Override
      public void removeUserFromCache(String username) {
        recent.forget(username);
      }
    };
  }

  /**
   * Whether a session opened with {@code version} may still act for {@code username}: the user
   * exists, is enabled and their credentials have not changed since. One primary-key read.
   */
  boolean sessionValid(String username, long version) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM app_user
                            WHERE username = ? AND enabled AND credentials_version = ?)
            """)
        .params(username, version)
        .query(Boolean.class)
        .single();
  }

  /** Ends every browser session of {@code username}, on every instance, from the next request. */
  @Transactional
  public void endSessions(String username) {
    int n =
        jdbc.sql(
                "UPDATE app_user SET credentials_version = credentials_version + 1"
                    + " WHERE username = ?")
            .param(username)
            .update();
    if (n == 0) {
      throw new NotFoundException("user", username);
    }
    recent.forgetAfterCommit(username);
    audit.record("user.end-sessions", "user", username, null, null, null);
  }

  @Transactional
  public Account create(String username, String password, List<String> roleNames, String by) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("'username' must match " + USERNAME);
    }
    checkPassword(password);
    List<Role> roles = peopleRoles(roleNames);
    int n =
        jdbc.sql(
                """
                INSERT INTO app_user (username, password_hash, roles, created_by)
                VALUES (?, ?, ?::text[], ?) ON CONFLICT DO NOTHING
                """)
            .params(username, encoder.encode(password), ApiTokens.roleArray(roles), by)
            .update();
    recent.forgetAfterCommit(username);
    if (n == 0) {
      throw new org.unitrace.core.system.ConflictException(
          "user '" + username + "' exists already");
    }
    Account created = find(username).orElseThrow();
    audit.record("user.create", "user", username, null, created, null);
    return created;
  }

  private static final String SELECT_ACCOUNT =
      "SELECT username, roles, enabled, created_at, created_by, password_changed_at FROM app_user";

  public List<Account> list() {
    return jdbc.sql(SELECT_ACCOUNT + " ORDER BY username").query((rs, i) -> account(rs)).list();
  }

  public Optional<Account> find(String username) {
    return jdbc.sql(SELECT_ACCOUNT + " WHERE username = ?")
        .param(username)
        .query((rs, i) -> account(rs))
        .optional();
  }

  @Transactional
  public Account update(String username, List<String> roleNames, Boolean enabled) {
    Account before = find(username).orElseThrow(() -> new NotFoundException("user", username));
    List<Role> roles = roleNames == null ? before.roles() : peopleRoles(roleNames);
    boolean on = enabled == null ? before.enabled() : enabled;
    // a change of roles or of enabled ends the user's sessions (a session keeps the roles it
    // logged in with, so it must not outlive them)
    jdbc.sql(
            """
            UPDATE app_user
               SET credentials_version = credentials_version
                     + CASE WHEN roles IS DISTINCT FROM ?::text[] OR enabled IS DISTINCT FROM ?
                            THEN 1 ELSE 0 END,
                   roles = ?::text[], enabled = ?
             WHERE username = ?
            """)
        .params(ApiTokens.roleArray(roles), on, ApiTokens.roleArray(roles), on, username)
        .update();
    recent.forgetAfterCommit(username);
    Account after = find(username).orElseThrow();
    audit.record("user.update", "user", username, before, after, null);
    return after;
  }

  @Transactional
  public void changePassword(String username, String current, String replacement) {
    String hash =
        jdbc.sql("SELECT password_hash FROM app_user WHERE username = ?")
            .param(username)
            .query(String.class)
            .optional()
            .orElseThrow(() -> new NotFoundException("user", username));
    if (current == null || !encoder.matches(current, hash)) {
      throw new IllegalArgumentException("'currentPassword' is not the current password");
    }
    checkPassword(replacement);
    jdbc.sql(
            """
            UPDATE app_user SET password_hash = ?, password_changed_at = now(),
                                credentials_version = credentials_version + 1
             WHERE username = ?
            """)
        .params(encoder.encode(replacement), username)
        .update();
    recent.forgetAfterCommit(username);
    audit.record("user.password-change", "user", username, null, null, null);
  }

  boolean none() {
    return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM app_user)").query(Boolean.class).single();
  }

  private static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > 200) {
      throw new IllegalArgumentException(
          "a password needs %d to 200 characters".formatted(MIN_PASSWORD));
    }
  }

  private static List<Role> peopleRoles(List<String> names) {
    List<Role> roles = Role.parse(names == null ? List.of() : names);
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("'roles' must name at least one role");
    }
    if (roles.contains(Role.edge)) {
      throw new IllegalArgumentException("the role edge is for agent tokens, not for users");
    }
    if (roles.contains(Role.partner)) {
      throw new IllegalArgumentException(
          "the role partner is for trading partners' tokens, not for users");
    }
    return roles;
  }

  private static Account account(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Account(
        rs.getString("username"),
        ApiTokens.roles(rs.getArray("roles")),
        rs.getBoolean("enabled"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getString("created_by"),
        rs.getObject("password_changed_at", OffsetDateTime.class));
  }
}
