/**
 * The agent's state across restarts, by kind, behind one interface: station logic, serial issuing
 * and the BOM cache depend on it, the outbox implements it.
 */
package org.unitrace.edge.state;
