/**
 * A generated plant history for trace tests and benchmarks: a month of production on several lines,
 * with sub-assemblies two levels deep, supplier lots of realistic sizes, material loads, station
 * results, rework, and one faulty lot whose units are known. Written straight into the mes-core
 * schema with PostgreSQL {@code COPY}, so a million units take minutes, not hours.
 */
package org.unitrace.sim.history;
