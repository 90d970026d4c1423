/**
 * Simulated serial devices for the marking station: a laser marker speaking the {@code
 * unitrace-ascii} protocol and a scanner/verifier speaking the {@code generic} protocol (both in
 * {@code docs/devices/}), each served on a TCP port or one side of a socat pseudo-terminal pair, so
 * the drivers are tested over the same serial and TCP code as on the line. Faults (busy, error
 * codes, silence, no reads, wrong data) are injected on demand; the scanner reads back what the
 * marker marked.
 */
package org.unitrace.sim.device;
