/**
 * The running agent: builds the signal sources, station logic, devices and outbox from a line
 * configuration, feeds every signal change to the station logic on one thread, stores what it
 * produces before acting on it (outputs to the PLC, marks), and forwards the outbox to the core
 * over MQTT or, for a backlog, HTTP.
 */
package org.unitrace.edge.agent;
