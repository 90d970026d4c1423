package org.unitrace.core.shipment;

/**
 * A shipment was recorded: published inside the shipment's transaction, so a listener that writes
 * (e.g. a push job to a trading partner) commits or rolls back with it.
 */
public record ShipmentShipped(long id, String shipToCustomer, String shipToLocation) {}
