package org.unitrace.core.audit;

import java.util.List;
import java.util.stream.Stream;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who an audit record names: the caller of the current request, or the system itself. */
record Actor(String name, ActorKind kind, List<String> roles) {

  static final Actor SYSTEM = new Actor("system", ActorKind.system, List.of());

  private static final String ROLE_PREFIX = "ROLE_";

  Actor {
    name = name == null || name.isBlank() ? "(unnamed " + kind + ")" : name;
    roles = List.copyOf(roles);
  }

  /** The caller as Spring Security knows it on this thread. */
  static Actor current() {
    return of(SecurityContextHolder.getContext().getAuthentication());
  }

  static Actor of(Authentication auth) {
    if (auth == null) {
      return SYSTEM;
    }
    if (auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
      return new Actor("anonymous", ActorKind.anonymous, List.of());
    }
    List<String> roles = roles(auth);
    for (Object says : new Object[] {auth, auth.getPrincipal(), auth.getDetails()}) {
      if (says instanceof AuditActor actor) {
        return new Actor(actor.name(), actor.actorKind(), roles);
      }
    }
    ActorKind kind = auth instanceof JwtAuthenticationToken ? ActorKind.jwt : ActorKind.user;
    return new Actor(auth.getName(), kind, roles);
  }

  /** The roles among the authorities ({@code ROLE_quality} is {@code quality}); scopes are not. */
  private static List<String> roles(Authentication auth) {
    return auth.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .flatMap(
            a ->
                a != null && a.startsWith(ROLE_PREFIX)
                    ? Stream.of(a.substring(ROLE_PREFIX.length()))
                    : Stream.empty())
        .distinct()
        .sorted()
        .toList();
  }
}
