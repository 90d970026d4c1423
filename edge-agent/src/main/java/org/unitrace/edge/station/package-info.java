/**
 * Station logic: turns signal changes into genealogy events. A counter increment or a rising edge
 * completes a cycle and becomes a {@code StationResult} on the unit the station worked on (known
 * from a scan, the PLC's unit identifier, or hand-over in order from the upstream station); a
 * machine-state change becomes a {@code StationStateChanged}. Nothing here imports a protocol
 * library: the sources deliver plain values, so the logic is tested without a wire.
 */
package org.unitrace.edge.station;
