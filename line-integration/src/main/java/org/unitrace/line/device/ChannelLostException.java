package org.unitrace.line.device;

/**
 * An open channel stopped working: the device was unplugged, the cable pulled, the device server
 * restarted or closed the connection. A {@link ReconnectingChannel} reopens after it; other callers
 * close the channel and open it again.
 */
public class ChannelLostException extends DeviceException {

  public ChannelLostException(String endpoint, String message) {
    super(endpoint, message);
  }

  public ChannelLostException(String endpoint, String message, Throwable cause) {
    super(endpoint, message, cause);
  }
}
