package org.unitrace.core.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The roles of the system. Every person's role also reads ({@code viewer}); {@code edge} is for
 * agents only and reaches just its own line; {@code partner} is a trading partner's EPCIS query
 * ({@code GET /epcis/events}) and reaches just the shipments made to it.
 */
public enum Role {
  viewer,
  production,
  quality,
  logistics,
  /** The service counter: returns (RMA), sales and warranty registration, scans. */
  service,
  admin,
  edge,
  partner;

  public GrantedAuthority authority() {
    return new SimpleGrantedAuthority("ROLE_" + name());
  }

  /** The role of that name, case-insensitive, or empty. */
  public static Optional<Role> named(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(r -> r.name().equals(wanted)).findFirst();
  }

  /** Parses a list of role names, naming the first unknown one. */
  static java.util.List<Role> parse(java.util.Collection<String> names) {
    return names.stream()
        .map(
            n ->
                named(n)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "unknown role '%s' (roles: %s)"
                                    .formatted(n, Arrays.toString(values())))))
        .distinct()
        .toList();
  }
}
