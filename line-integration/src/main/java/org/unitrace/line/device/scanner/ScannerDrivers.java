package org.unitrace.line.device.scanner;

import java.util.List;
import java.util.Objects;
import org.unitrace.line.device.ChannelSettings;
import org.unitrace.line.device.ReconnectingChannel;

/**
 * Picks the scanner protocol by the driver name in the line configuration, so station code never
 * names a vendor class.
 */
public final class ScannerDrivers {

  /** The trigger/read frame protocol of {@code docs/devices/scanner-protocol.md}. */
  public static final String GENERIC = "generic";

  private static final List<String> KNOWN = List.of(GENERIC);

  private ScannerDrivers() {}

  /** The driver names {@link #create} knows. */
  public static List<String> known() {
    return KNOWN;
  }

  /**
   * A closed scanner driver on a channel that reopens itself with the standard backoff.
   *
   * @throws IllegalArgumentException for an unknown driver name, listing the known ones
   */
  public static Scanner create(String driver, ChannelSettings settings, ScanMode mode) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(mode, "mode");
    if (GENERIC.equals(driver)) {
      return new GenericScanner(
          ReconnectingChannel.of(settings), mode, GenericScanner.DEFAULT_OFF_GRACE);
    }
    throw new IllegalArgumentException(
        "scanner driver '" + driver + "' for " + settings.endpoint() + " is not one of " + KNOWN);
  }
}
