package org.unitrace.sim.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.device.FrameDecoder;
import org.unitrace.line.device.Framing;
import org.unitrace.sim.ListenPorts;

/** A TCP server per device; every accepted connection gets its own reader thread. */
final class TcpEndpoint extends SimEndpoint {

  private static final Logger log = LoggerFactory.getLogger(TcpEndpoint.class);

  private final String host;
  private volatile int port;
  private volatile ServerSocket server;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

  TcpEndpoint(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  protected synchronized void start(SimDevice device, Framing framing) {
    if (server != null) {
      return;
    }
    if (port == 0) {
      // not one the kernel picks: those come from the range a reconnecting client is given its own
      // port from, and a client can then connect to itself while this endpoint is stopped
      port = ListenPorts.free();
    }
    try {
      ServerSocket s = bind();
      port = s.getLocalPort();
      server = s;
      DaemonThreads.start("sim-tcp-" + port + "-accept", () -> accept(s, device, framing));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
  }

  /**
   * Listens on the port; a restart on the same port waits up to 2 s for it: a client that kept
   * reconnecting meanwhile can hold it for a moment (on Linux a connect to a port nobody listens on
   * can pick that very port and connect to itself).
   */
  private ServerSocket bind() throws IOException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (true) {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      try {
        s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        return s;
      } catch (BindException e) {
        s.close();
        if (port == 0 || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void accept(ServerSocket s, SimDevice device, Framing framing) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        return;
      }
      // a stop closes the listening socket while this thread waits in accept(), and the kernel
      // keeps it listening until that call returns: a client can still get through in between
      synchronized (this) {
        if (server != s) {
          close(client);
          return;
        }
        clients.add(client);
      }
      DaemonThreads.start(
          "sim-tcp-" + port + "-" + client.getPort(), () -> session(client, device, framing));
    }
  }

  private void session(Socket client, SimDevice device, Framing framing) {
    Link link = new Link(client, framing);
    device.connected(link);
    FrameDecoder decoder = framing.decoder();
    byte[] buffer = new byte[1024];
    try (client) {
      InputStream in = client.getInputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        try {
          decoder.feed(buffer, 0, n);
        } catch (IllegalStateException e) {
          log.warn("{}: {}", this, e.getMessage());
        }
        for (var f = decoder.next(); f.isPresent(); f = decoder.next()) {
          device.received(f.get(), link);
        }
      }
    } catch (IOException e) {
      log.debug("{}: connection from port {} ended: {}", this, client.getPort(), e.getMessage());
    } finally {
      clients.remove(client);
      device.disconnected(link);
    }
  }

  @Override
  public synchronized void stop() {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // stopping
      }
    }
    clients.forEach(TcpEndpoint::close);
    clients.clear();
  }

  private static void close(Socket client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // stopping
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String driverUri() {
    return "tcp://" + host + ":" + port + "?framing=" + framing().key();
  }

  @Override
  public String toString() {
    return "simulated device at tcp " + host + ":" + port;
  }

  @RequiredArgsConstructor
  private static final class Link implements SimDevice.Link {
    private final Socket socket;
    private final Framing framing;

    @Override
    public synchronized void send(String frame) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(framing.encode(frame));
        out.flush();
      } catch (IOException e) {
        log.debug("frame to closed connection dropped: {}", e.getMessage());
      }
    }

    @Override
    public boolean isOpen() {
      return !socket.isClosed();
    }
  }
}
