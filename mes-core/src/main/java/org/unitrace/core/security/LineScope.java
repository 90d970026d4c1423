package org.unitrace.core.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The one line an edge agent's token may speak for. Events it sends for any other line are refused
 * as spoofing attempts.
 */
public record LineScope(String site, String line, String identity) {

  public boolean covers(String site, String line) {
    return this.site.equals(site) && this.line.equals(line);
  }

  /** The scope of the caller of the current request, if it is line-scoped. */
  public static Optional<LineScope> current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.getPrincipal() instanceof ApiTokenPrincipal token) {
      return token.scope();
    }
    return Optional.empty();
  }
}
