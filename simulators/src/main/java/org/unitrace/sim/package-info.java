/**
 * Simulators and load generators: what stands in for PLCs, markers, scanners and whole plants when
 * no real line is at hand, and what measures how much the core takes.
 */
package org.unitrace.sim;
