package org.unitrace.core.security;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.unitrace.core.audit.ActorKind;
import org.unitrace.core.audit.AuditActor;

/** Who an API token speaks for: its name, roles and, for an edge agent, its line. */
public record ApiTokenPrincipal(
    String id, String name, List<Role> roles, String site, String line, OffsetDateTime expiresAt)
    implements AuditActor {

  @Override
  public ActorKind actorKind() {
    return ActorKind.token;
  }

  public Optional<LineScope> scope() {
    return site == null
        ? Optional.empty()
        : Optional.of(new LineScope(site, line, "token '" + name + "'"));
  }

  @Override
  public String toString() {
    return "token:" + name;
  }
}
