package org.unitrace.edge.device;

import org.unitrace.edge.config.StationConfig.DeviceConfig;
import org.unitrace.line.device.ChannelSettings;
import org.unitrace.line.device.marker.LaserMarker;
import org.unitrace.line.device.marker.MarkerDrivers;
import org.unitrace.line.device.scanner.Scanner;
import org.unitrace.line.device.scanner.ScannerDrivers;

/** Builds a station's devices from its configuration, through the line-integration drivers. */
public final class DeviceFactory {

  private DeviceFactory() {}

  public static LaserMarker marker(DeviceConfig d) {
    return MarkerDrivers.create(d.driver(), ChannelSettings.parse(d.channel()));
  }

  public static Scanner scanner(DeviceConfig d) {
    return ScannerDrivers.create(d.driver(), ChannelSettings.parse(d.channel()), d.mode());
  }
}
