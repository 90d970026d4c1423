package org.unitrace.core.integration.notify;

/** What a subscription can be told of; the database triggers of migration V22 record each. */
enum Kind {
  /** A unit put on hold by hand (a recall campaign's holds come with {@link #RECALL_OPENED}). */
  HOLD_PLACED,
  /** A hold placed by hand released. */
  HOLD_RELEASED,
  /** A recall campaign created, with its unit count and the serials it holds. */
  RECALL_OPENED,
  /** A unit reported stolen or lost was seen again (a desk's scan, a return, a shipment). */
  STOLEN_UNIT_SEEN,
  /** A serial serialized a second time by another event: refused and dead-lettered. */
  DUPLICATE_SERIAL,
  /** A binding or a completion that breaks the bill of materials. */
  INTEGRITY_EXCEPTION,
  /** Events ingestion could not store (one notification per stored batch and line). */
  DEAD_LETTER,
  /** Sent by the admin API's test of a subscription, to that subscription only. */
  TEST;

  static Kind parse(String value) {
    try {
      Kind k = Kind.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
      if (k != TEST) {
        return k;
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // answered below
    }
    throw new IllegalArgumentException(
        "unknown notification kind '%s': one of HOLD_PLACED, HOLD_RELEASED, RECALL_OPENED,"
                .formatted(value)
            + " STOLEN_UNIT_SEEN, DUPLICATE_SERIAL, INTEGRITY_EXCEPTION, DEAD_LETTER");
  }
}
