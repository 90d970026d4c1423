/**
 * Stations that speak MQTT instead of OPC UA: a Sparkplug B edge node with one device per station
 * (births, aliased data, deaths), and a station publishing plain JSON.
 */
package org.unitrace.sim.mqtt;
