/**
 * The audit trail: every write through the API and every import leaves a record of who, when, what
 * (entity and id), before and after, and the reason given. Records are written in the transaction
 * of the change they describe and are append-only (the database refuses UPDATE, DELETE and
 * TRUNCATE), so a regulated plant can prove who recorded or changed what. Features call {@link
 * org.unitrace.core.audit.AuditLog}; {@code GET /api/audit} reads the trail.
 */
package org.unitrace.core.audit;
