package org.unitrace.core.serial;

import java.time.Instant;

/** A range of a template's sequence, first..last inclusive, given to one agent of one line. */
record SerialBlock(
    long id,
    String template,
    String period,
    long first,
    long last,
    String site,
    String line,
    String agentId,
    String allocatedBy,
    Instant allocatedAt) {}
