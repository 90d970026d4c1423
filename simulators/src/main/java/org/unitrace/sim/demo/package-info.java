/**
 * The one-command demo plant: mes-core on its embedded defaults, two lines with their agents, the
 * PLC, Sparkplug, marker and scanner simulators, and a scenario that drives them (runs, lot
 * changes, faults, sales, shipments and returns).
 */
package org.unitrace.sim.demo;
