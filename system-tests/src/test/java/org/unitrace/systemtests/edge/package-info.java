/**
 * Whole lines end to end: edge agents as processes against PLC, station and device simulators, a
 * real broker and a real mes-core; outages, crashes, holds, marking and cycle times.
 */
package org.unitrace.systemtests.edge;
