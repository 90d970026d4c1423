package org.unitrace.line.device;

import java.util.Objects;
import lombok.RequiredArgsConstructor;

/**
 * A serial port and its line settings. On a pseudo-terminal (tests, simulators) the OS ignores baud
 * rate and parity; on a real UART they must match the device.
 *
 * @param path the port: {@code /dev/ttyUSB0}, {@code /dev/serial/by-id/...}, a symlink, {@code
 *     COM3}
 */
public record SerialSettings(
    String path,
    int baud,
    int dataBits,
    Parity parity,
    StopBits stopBits,
    FlowControl flow,
    Framing framing)
    implements ChannelSettings {

  /** Parity as the device expects it. */
  public enum Parity {
    NONE,
    ODD,
    EVEN,
    MARK,
    SPACE
  }

  /** Stop bits: 1, 1.5 or 2. */
  @RequiredArgsConstructor
  public enum StopBits {
    ONE("1"),
    ONE_POINT_FIVE("1.5"),
    TWO("2");

    private final String key;

    public String key() {
      return key;
    }
  }

  /** Flow control: none, hardware (RTS/CTS) or software (XON/XOFF). */
  public enum FlowControl {
    NONE,
    RTS_CTS,
    XON_XOFF
  }

  public SerialSettings {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(parity, "parity");
    Objects.requireNonNull(stopBits, "stopBits");
    Objects.requireNonNull(flow, "flow");
    Objects.requireNonNull(framing, "framing");
    if (path.isBlank()) {
      throw new IllegalArgumentException("serial port path is empty");
    }
    if (baud <= 0) {
      throw new IllegalArgumentException("baud " + baud + " for " + path + " is not positive");
    }
    if (dataBits < 5 || dataBits > 8) {
      throw new IllegalArgumentException(
          "dataBits " + dataBits + " for " + path + " is not between 5 and 8");
    }
  }

  /** 9600 8N1, no flow control, CR LF framing: what most scanners and markers ship with. */
  public static SerialSettings of(String path) {
    return new SerialSettings(
        path, 9600, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE, Framing.CRLF);
  }

  @Override
  public String endpoint() {
    return path;
  }

  @Override
  public DeviceChannel newChannel() {
    return new SerialChannel(this);
  }
}
