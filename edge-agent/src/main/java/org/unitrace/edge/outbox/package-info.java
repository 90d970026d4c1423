/**
 * The edge agent's durable outbox: every event the line produces is numbered and written to a local
 * SQLite file before anything else happens to it, and {@link
 * org.unitrace.edge.outbox.MqttForwarder} drains that file to the broker in order, deleting an
 * event only once the broker has acknowledged it. Network outages of hours and crashes of the agent
 * cost latency, never events and never a gap in {@code seq}.
 */
package org.unitrace.edge.outbox;
