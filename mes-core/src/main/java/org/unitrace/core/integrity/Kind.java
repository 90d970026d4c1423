package org.unitrace.core.integrity;

/** What an integrity exception says is wrong. */
enum Kind {
  /** A bound part is neither in the unit's BOM nor an approved alternate. */
  WRONG_PART,
  /** A serialized component is bound to two units at once. */
  DOUBLE_CONSUMPTION,
  /** A unit became COMPLETED with required BOM positions unfilled. */
  INCOMPLETE
}
