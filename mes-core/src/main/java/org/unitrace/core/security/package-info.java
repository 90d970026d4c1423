/**
 * Who may read, record and recall: built-in users (salted hashes), API tokens (edge agents and
 * integrations, hashed, scoped, expiring, revocable) and JWTs from a plant's identity provider, all
 * mapped onto the roles in {@link org.unitrace.core.security.Role}.
 */
package org.unitrace.core.security;
