/**
 * Analysis over the genealogy: what a few returned or failed units have in common (run, line,
 * shift, station, supplier lots, suppliers, component serial ranges, time window), ranked by how
 * few other units share it, so quality staff isolate a faulty run or lot from three returns.
 * Read-only; it uses the forward trace of the genealogy module to count and list the others.
 */
package org.unitrace.core.analysis;
