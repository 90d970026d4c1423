package org.unitrace.core.integration;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.unitrace.core.audit.ActorKind;
import org.unitrace.core.audit.AuditActor;

/**
 * The caller a flow acts as: the audit log names it (kind {@code integration}) on every record the
 * flow's work writes, as it names an API token, so "who recorded this sale" reads "the ERP's file
 * drop", not "system".
 */
public record IntegrationIdentity(String name) implements AuditActor {

  public IntegrationIdentity {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an integration identity needs a name");
    }
    name = name.strip();
  }

  @Override
  public ActorKind actorKind() {
    return ActorKind.integration;
  }

  /** Runs {@code work} on this thread as this identity, restoring the caller before. */
  public <T> T run(Supplier<T> work) {
    SecurityContext before = SecurityContextHolder.getContext();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new Token(this));
    SecurityContextHolder.setContext(context);
    try {
      return work.get();
    } finally {
      SecurityContextHolder.setContext(before);
    }
  }

  /** An authenticated caller without roles: the flows call services, never the HTTP API. */
  private static final class Token extends AbstractAuthenticationToken {

    private final IntegrationIdentity identity;

    Token(IntegrationIdentity identity) {
      super(List.of());
      this.identity = identity;
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return identity;
    }

    @Override
    public String getName() {
      return identity.name();
    }
  }
}
