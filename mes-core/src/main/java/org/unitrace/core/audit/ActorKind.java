package org.unitrace.core.audit;

/** What kind of caller an audit record names; stored by name in {@code audit_record.actor_kind}. */
public enum ActorKind {
  /** A built-in user, signed in with a password. */
  user,
  /** An API token (an edge agent or an integration). */
  token,
  /** A JWT from the plant's identity provider. */
  jwt,
  /** A request that carried no credentials, where anonymous access is allowed. */
  anonymous,
  /** A system of the plant's speaking through an integration flow (an ERP's file drop). */
  integration,
  /** The application itself: no caller (a scheduled job, MQTT ingestion, start-up). */
  system
}
