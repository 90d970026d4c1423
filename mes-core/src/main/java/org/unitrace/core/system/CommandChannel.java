package org.unitrace.core.system;

/**
 * The core's way to the line agents (MQTT, on the ingestion connection: a broker that ties client
 * ids to users allows one session per core). Publishes are best effort while disconnected; whoever
 * publishes re-syncs on {@link Connected}.
 */
public interface CommandChannel {

  /** Publishes a retained message at QoS 1; an empty payload clears the retained message. */
  boolean publishRetained(String topic, byte[] payload);

  /** Published (as a Spring application event) each time the channel (re)connects. */
  record Connected() {}
}
