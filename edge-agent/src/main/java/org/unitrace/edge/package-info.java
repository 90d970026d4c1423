/**
 * The line agent: one process per production line that turns PLC, station-broker, marker and
 * scanner signals into genealogy events, keeps them in a durable outbox and forwards them to the
 * core. Its sub-packages split it by concern: configuration, signal sources, station logic, marking
 * devices, serial issuing, BOM checks, the outbox, and the agent that wires them.
 */
package org.unitrace.edge;
