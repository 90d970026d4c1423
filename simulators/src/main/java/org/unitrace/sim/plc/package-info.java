/**
 * An OPC UA PLC simulator on Eclipse Milo's server SDK: one line of stations whose signals (part
 * present, cycle counter and done bit, result, failure code, unit id, process values, machine
 * state, fault code, and the agent's result output) are variables under configurable NodeIds. Tests
 * step cycles, set faults and restart the server; the command line runs a producing line.
 */
package org.unitrace.sim.plc;
