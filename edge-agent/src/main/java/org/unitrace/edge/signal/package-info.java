/**
 * Signal sources: the adapters that read a line's PLCs (OPC UA through the Milo client SDK) and
 * station MQTT messages (plain JSON, Sparkplug B) and deliver plain values to the station logic.
 * Each keeps its connection up on its own, with backoff, and says when the agent lost sight.
 */
package org.unitrace.edge.signal;
