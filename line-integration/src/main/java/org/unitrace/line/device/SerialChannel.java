package org.unitrace.line.device;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A serial port through jSerialComm. Ports are opened by path (jSerialComm's port listing does not
 * show pseudo-terminals or {@code /dev/serial/by-id} links), exclusively: a second open of the same
 * port fails with {@link DeviceException} naming the port.
 */
final class SerialChannel extends FramedChannel<SerialPort> {

  private static final Duration WRITE_STALL = Duration.ofSeconds(2);

  private final SerialSettings settings;

  SerialChannel(SerialSettings settings) {
    super(settings, "serial port");
    this.settings = settings;
  }

  @Override
  SerialPort connect() {
    String path = settings.path();
    if (path.startsWith("/") && !Files.exists(Path.of(path))) {
      throw new DeviceException(path, "serial port does not exist");
    }
    SerialPort p;
    try {
      p = SerialPort.getCommPort(path);
    } catch (SerialPortInvalidPortException e) {
      throw new DeviceException(path, "not a serial port: " + e.getMessage(), e);
    }
    p.setComPortParameters(
        settings.baud(), settings.dataBits(), stopBits(settings), parity(settings));
    p.setFlowControl(flow(settings));
    p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, POLL_MILLIS, 0);
    if (!p.openPort()) {
      throw new DeviceException(path, openFailure(p.getLastErrorCode(), p.getLastErrorLocation()));
    }
    return p;
  }

  @Override
  void disconnect(SerialPort p) {
    p.closePort();
  }

  @Override
  public synchronized void writeRaw(byte[] bytes) {
    SerialPort p = connection();
    int written = 0;
    long stalledSince = 0;
    while (written < bytes.length) {
      byte[] rest = java.util.Arrays.copyOfRange(bytes, written, bytes.length);
      int n = p.writeBytes(rest, rest.length);
      if (n < 0 || (n == 0 && p.bytesAvailable() < 0)) {
        throw new ChannelLostException(
            endpoint(), "write failed, port gone (OS error " + p.getLastErrorCode() + ")");
      }
      if (n > 0) {
        written += n;
        stalledSince = 0;
        continue;
      }
      // Nothing taken: a pty whose other side went away, or flow control holding us back.
      long now = System.nanoTime();
      if (stalledSince == 0) {
        stalledSince = now;
      } else if (now - stalledSince > WRITE_STALL.toNanos()) {
        throw new ChannelLostException(
            endpoint(),
            "write stalled for "
                + WRITE_STALL.toMillis()
                + " ms with "
                + (bytes.length - written)
                + " bytes left: port gone or held by flow control");
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  @Override
  int readSome(byte[] buffer) {
    SerialPort p = connection();
    int n = p.readBytes(buffer, buffer.length);
    if (n < 0 || (n == 0 && p.bytesAvailable() < 0)) {
      throw new ChannelLostException(
          endpoint(), "read failed, port gone (OS error " + p.getLastErrorCode() + ")");
    }
    return n;
  }

  private static String openFailure(int errno, int location) {
    String why =
        switch (errno) {
          case 2 -> "does not exist";
          case 13 -> "permission denied (add the user to the dialout group)";
          case 11, 16 -> "busy: another program or channel has it open";
          default -> "could not be opened (busy, missing or not a serial device)";
        };
    return "serial port " + why + " (OS error " + errno + " at native line " + location + ")";
  }

  private static int stopBits(SerialSettings s) {
    return switch (s.stopBits()) {
      case ONE -> SerialPort.ONE_STOP_BIT;
      case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
      case TWO -> SerialPort.TWO_STOP_BITS;
    };
  }

  private static int parity(SerialSettings s) {
    return switch (s.parity()) {
      case NONE -> SerialPort.NO_PARITY;
      case ODD -> SerialPort.ODD_PARITY;
      case EVEN -> SerialPort.EVEN_PARITY;
      case MARK -> SerialPort.MARK_PARITY;
      case SPACE -> SerialPort.SPACE_PARITY;
    };
  }

  private static int flow(SerialSettings s) {
    return switch (s.flow()) {
      case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
      case RTS_CTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
      case XON_XOFF ->
          SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
    };
  }
}
