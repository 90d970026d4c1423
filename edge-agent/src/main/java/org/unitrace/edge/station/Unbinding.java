package org.unitrace.edge.station;

/**
 * Rework: a component taken out of a unit, with why. Exactly one of {@code componentSerial} (a
 * serial-tracked part) and {@code lot} (a lot-tracked one) names what was taken out; the station
 * checks that when it records it. The fields are named as the agent's HTTP API takes them.
 */
public record Unbinding(
    String unitSerial, String partNumber, String componentSerial, String lot, String reason) {}
