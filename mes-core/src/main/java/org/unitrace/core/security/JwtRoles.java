package org.unitrace.core.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Maps a JWT from the plant's identity provider onto Unitrace roles: the values of the configured
 * claim (a dotted path reaches into objects, as Keycloak's {@code realm_access.roles}), each mapped
 * through the role mapping or taken as a role name; values that are neither are ignored. The
 * caller's name is the configured username claim, else the subject.
 */
@RequiredArgsConstructor
class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

  private final SecurityProperties.Jwt config;

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (String value : claimValues(jwt.getClaims(), config.rolesClaim())) {
      Map<String, String> mapping = config.roleMapping() == null ? Map.of() : config.roleMapping();
      String mapped = mapping.getOrDefault(value, value);
      Role.named(mapped)
          .filter(r -> r != Role.edge && r != Role.partner)
          .ifPresent(r -> authorities.add(r.authority()));
    }
    String name = jwt.getClaimAsString(config.usernameClaim());
    return new JwtAuthenticationToken(jwt, authorities, name != null ? name : jwt.getSubject());
  }

  static List<String> claimValues(Map<String, Object> claims, String path) {
    Object node = claims;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return List.of();
      }
      node = map.get(part);
    }
    if (node instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    if (node instanceof String s) {
      return List.of(s.split("[ ,]+"));
    }
    return List.of();
  }
}
