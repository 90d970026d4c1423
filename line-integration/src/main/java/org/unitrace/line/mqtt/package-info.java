/**
 * One MQTT 5 session layer for the clients of a broker in Unitrace (the edge agent's forwarder,
 * station sources and check tool, and mes-core's ingestion): connection options, credentials and
 * TLS from one record ({@link org.unitrace.line.mqtt.MqttEndpoint}), subscriptions applied again on
 * every connection, manual acknowledgements sent in the order received, the adoption of another
 * client id's session, one reconnect policy ({@link org.unitrace.line.mqtt.Backoff}) with a fresh
 * client each time, and a clean shutdown. Callers see our types, never Paho's.
 */
package org.unitrace.line.mqtt;
