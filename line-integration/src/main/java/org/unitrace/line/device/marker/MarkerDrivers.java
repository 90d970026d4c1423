package org.unitrace.line.device.marker;

import java.util.List;
import java.util.Objects;
import org.unitrace.line.device.ChannelSettings;
import org.unitrace.line.device.ReconnectingChannel;

/**
 * Picks the marker protocol by the driver name a plant engineer writes in the line configuration,
 * so the station code never names a vendor class.
 */
public final class MarkerDrivers {

  /** The documented ASCII protocol of {@code docs/devices/marker-protocol.md}. */
  public static final String UNITRACE_ASCII = "unitrace-ascii";

  private static final List<String> KNOWN = List.of(UNITRACE_ASCII);

  private MarkerDrivers() {}

  /** The driver names {@link #create} knows. */
  public static List<String> known() {
    return KNOWN;
  }

  /**
   * A closed marker driver on a channel that reopens itself with the standard backoff.
   *
   * @throws IllegalArgumentException for an unknown driver name, listing the known ones
   */
  public static LaserMarker create(String driver, ChannelSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (UNITRACE_ASCII.equals(driver)) {
      return new AsciiMarker(ReconnectingChannel.of(settings), AsciiMarker.DEFAULT_REPLY_TIMEOUT);
    }
    throw new IllegalArgumentException(
        "marker driver '" + driver + "' for " + settings.endpoint() + " is not one of " + KNOWN);
  }
}
