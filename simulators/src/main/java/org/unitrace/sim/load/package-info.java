/**
 * Load generators for the benchmarks: agents publishing a realistic event mix at QoS 1 as fast as
 * the broker acknowledges ({@code bench/ingest.sh}).
 */
package org.unitrace.sim.load;
