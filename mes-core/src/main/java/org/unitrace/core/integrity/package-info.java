/**
 * Integrity exceptions: what ingestion finds wrong with a unit against its BOM (a part that does
 * not belong, a serial consumed by two units at once, a unit completed with required positions
 * empty). The event is always stored; the exception is raised beside it for quality to review and
 * resolve with a reason. Owns the {@code integrity_exception} table and {@code /api/exceptions}.
 */
package org.unitrace.core.integrity;
