package org.unitrace.core.audit;

/**
 * Implemented by an {@code Authentication}, its principal or its details to say itself who the
 * audit trail should name and as what kind of caller, where the authentication's type does not tell
 * (an API token's principal, for one).
 */
public interface AuditActor {

  /** The name recorded as the actor, such as the token's name. */
  String name();

  ActorKind actorKind();
}
