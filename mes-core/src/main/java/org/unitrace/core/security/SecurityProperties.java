package org.unitrace.core.security;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers are recognised. {@code adminPassword} (env {@code UNITRACE_ADMIN_PASSWORD}) sets the
 * first admin's password; without it a random one is printed once at first start.
 *
 * <p>{@code jwt}: set {@code issuerUri}, {@code jwkSetUri} or {@code publicKeyLocation} to accept
 * JWTs from the plant's identity provider. Roles come from the claim {@code rolesClaim} (a dotted
 * path such as {@code realm_access.roles} works), each value mapped through {@code roleMapping}
 * (IdP group name to Unitrace role) or taken as a role name itself.
 */
@ConfigurationProperties("unitrace.security")
public record SecurityProperties(
    String adminPassword, @DefaultValue("P365D") Duration maxTokenValidity, @DefaultValue Jwt jwt) {

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
}
