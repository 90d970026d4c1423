/**
 * One MQTT 5 session layer for the clients of a broker in Unitrace (the edge agent's forwarder,
 * station sources and check tool; meant for the core's ingestion too): connection options,
 * credentials and TLS from one record ({@link org.unitrace.line.mqtt.MqttEndpoint}), subscriptions
 * applied again on every connection, manual acknowledgements, one reconnect policy ({@link
 * org.unitrace.line.mqtt.Backoff}) and a clean shutdown. Callers see our types, never Paho's.
 */
package org.unitrace.line.mqtt;
