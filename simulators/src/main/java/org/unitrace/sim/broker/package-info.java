/** A Mosquitto of a test's own, to take away and bring back (broker outages). */
package org.unitrace.sim.broker;
