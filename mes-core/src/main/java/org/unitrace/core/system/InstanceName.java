package org.unitrace.core.system;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.UUID;

/**
 * This mes-core instance among others on the same database: its host, its process and a random
 * part, so that a lease it holds (an inbound file, an MQTT session) names who holds it and a
 * restarted instance is never taken for the one before it.
 */
public final class InstanceName {

  private InstanceName() {}

  /** A new name, {@code host/pid/random}. */
  public static String create() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    return host
        + "/"
        + ManagementFactory.getRuntimeMXBean().getPid()
        + "/"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
