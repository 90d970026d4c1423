package org.unitrace.core.security;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.unitrace.core.system.Setting;

/**
 * How callers are recognised. {@code adminPassword} (env {@code UNITRACE_ADMIN_PASSWORD}) sets the
 * first admin's password; without it a random one is printed once at first start.
 *
 * <p>{@code jwt}: set {@code issuerUri}, {@code jwkSetUri} or {@code publicKeyLocation} to accept
 * JWTs from the plant's identity provider. Roles come from the claim {@code rolesClaim} (a dotted
 * path such as {@code realm_access.roles} works), each value mapped through {@code roleMapping}
 * (IdP group name to Unitrace role) or taken as a role name itself.
 *
 * <p>{@code passwordCache}: how long a verified password is remembered ({@link VerifiedPasswords}).
 * {@code loginThrottle}: how many failed password logins a user name and a client address may have
 * in a window before further attempts are refused ({@link LoginThrottle}). {@code lookupCache}: how
 * long what a login read from the database (an API token's row, a user's row, that a user and
 * address are not blocked) is reused by this instance ({@link Recent}): a token revoked, a user
 * disabled or changed, or a block set on another instance takes effect here within {@code ttl}
 * (PT0S looks everything up on every request); on this instance, at once.
 */
@ConfigurationProperties("unitrace.security")
public record SecurityProperties(
    String adminPassword,
    @DefaultValue("P365D") Duration maxTokenValidity,
    @DefaultValue Jwt jwt,
    @DefaultValue PasswordCache passwordCache,
    @DefaultValue LoginThrottle loginThrottle,
    @DefaultValue LookupCache lookupCache) {

  public record Jwt(
      String issuerUri,
      String jwkSetUri,
      String publicKeyLocation,
      @DefaultValue("roles") String rolesClaim,
      @DefaultValue("preferred_username") String usernameClaim,
      Map<String, String> roleMapping) {

    public boolean enabled() {
      return notBlank(issuerUri) || notBlank(jwkSetUri) || notBlank(publicKeyLocation);
    }

    private static boolean notBlank(String s) {
      return s != null && !s.isBlank();
    }
  }

  public record PasswordCache(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("PT5M") Duration ttl,
      @DefaultValue("10000") int maxEntries) {
    public PasswordCache {
      Setting.upTo("unitrace.security.password-cache.ttl", ttl, Duration.ofHours(1));
      Setting.atLeast("unitrace.security.password-cache.max-entries", maxEntries, 1);
    }
  }

  public record LookupCache(
      @DefaultValue("PT5S") Duration ttl, @DefaultValue("10000") int maxEntries) {
    public LookupCache {
      Setting.upTo("unitrace.security.lookup-cache.ttl", ttl, Duration.ofMinutes(1));
      Setting.atLeast("unitrace.security.lookup-cache.max-entries", maxEntries, 1);
    }

    <K, V> Recent<K, V> recent() {
      return new Recent<>(ttl, maxEntries);
    }
  }

  public record LoginThrottle(
      @DefaultValue("10") int maxFailuresPerUser,
      @DefaultValue("50") int maxFailuresPerAddress,
      @DefaultValue("PT15M") Duration window,
      @DefaultValue("PT15M") Duration block) {
    public LoginThrottle {
      String key = "unitrace.security.login-throttle.";
      Setting.atLeast(key + "max-failures-per-user", maxFailuresPerUser, 1);
      Setting.atLeast(key + "max-failures-per-address", maxFailuresPerAddress, 1);
      Setting.positive(key + "window", window);
      Setting.positive(key + "block", block);
    }
  }
}
