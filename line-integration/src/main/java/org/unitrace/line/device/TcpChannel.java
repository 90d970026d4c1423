package org.unitrace.line.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A raw TCP connection to a serial device server (Moxa NPort in TCP server mode, Lantronix) or a
 * device with its own Ethernet port. Bytes pass through untouched; the device server maps them to
 * its serial port.
 */
final class TcpChannel extends FramedChannel<Socket> {

  private final TcpSettings settings;

  TcpChannel(TcpSettings settings) {
    super(settings, "connection");
    this.settings = settings;
  }

  @Override
  Socket connect() {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setKeepAlive(true);
      s.connect(
          new InetSocketAddress(settings.host(), settings.port()),
          (int) settings.connectTimeout().toMillis());
      if (s.getLocalPort() == s.getPort() && s.getLocalAddress().equals(s.getInetAddress())) {
        // nothing listens and the kernel chose the device's own port for us: TCP connected the
        // socket to itself (it would hold the port the device server needs to come back on)
        throw new IOException("nothing listens (the socket connected to itself)");
      }
      s.setSoTimeout(POLL_MILLIS);
    } catch (IOException e) {
      closeQuietly(s);
      throw new DeviceException(endpoint(), "cannot connect: " + e.getMessage(), e);
    }
    return s;
  }

  @Override
  void disconnect(Socket s) {
    closeQuietly(s);
  }

  @Override
  public synchronized void writeRaw(byte[] bytes) {
    try {
      OutputStream out = connection().getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new ChannelLostException(endpoint(), "write failed: " + e.getMessage(), e);
    }
  }

  @Override
  int readSome(byte[] buffer) {
    int n;
    try {
      InputStream in = connection().getInputStream();
      n = in.read(buffer);
    } catch (SocketTimeoutException e) {
      return 0;
    } catch (IOException e) {
      throw new ChannelLostException(endpoint(), "read failed: " + e.getMessage(), e);
    }
    if (n < 0) {
      throw new ChannelLostException(endpoint(), "connection closed by the device server");
    }
    return n;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing after a failure: nothing more to report
    }
  }
}
