package org.unitrace.core.location;

/**
 * What a desk needs to know of a unit before acting on it: is it known, its product, its status, an
 * open hold, where it is ({@code place} null: nowhere yet, e.g. still on its line).
 */
public record UnitState(
    String serial,
    boolean known,
    String partNumber,
    String revision,
    String status,
    Long holdId,
    String holdReason,
    Place place) {}
