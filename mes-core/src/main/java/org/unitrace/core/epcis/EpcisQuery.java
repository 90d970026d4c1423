package org.unitrace.core.epcis;

import java.time.Instant;

/**
 * What {@code GET /api/epcis/events} filters on; every field may be null. {@code serial} matches
 * events about the unit and events in which it went in or out as a component.
 */
record EpcisQuery(
    String serial,
    String lot,
    Instant from,
    Instant to,
    String site,
    String line,
    String bizStep,
    int limit) {}
