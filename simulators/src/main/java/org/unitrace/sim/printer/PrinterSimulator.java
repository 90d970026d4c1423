package org.unitrace.sim.printer;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.unitrace.line.DaemonThreads;

/**
 * A ZPL label printer on a TCP port. Every connection is read to its end; each {@code ^XA .. ^XZ}
 * in it is one label, kept in order of arrival (and written to {@code label-NNNNNN.zpl} in the
 * folder, where one is given). {@code ~HS} outside a label is answered with the three host status
 * strings of a Zebra printer, showing paper out and pause as set here. Data outside labels other
 * than whitespace and {@code ~HS} is counted as {@linkplain #rejected() rejected}.
 */
public final class PrinterSimulator implements AutoCloseable {

  /** A label as received: its number (from 1), text, arrival, and the connection it came on. */
  public record Label(int number, String zpl, Instant receivedAt, int connection) {}

  private final ServerSocket server;
  private final Path folder;
  private final ExecutorService connections =
      Executors.newCachedThreadPool(DaemonThreads.numbered("printer-sim-conn"));
  private final List<Label> labels = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private volatile boolean paperOut;
  private volatile boolean paused;

  private PrinterSimulator(ServerSocket server, Path folder) {
    this.server = server;
    this.folder = folder;
  }

  /**
   * Listens on loopback at {@code port} (0: any free port); {@code folder} may be null (memory
   * only).
   */
  public static PrinterSimulator start(int port, Path folder) {
    return start(InetAddress.getLoopbackAddress(), port, folder);
  }

  public static PrinterSimulator start(InetAddress address, int port, Path folder) {
    try {
      if (folder != null) {
        Files.createDirectories(folder);
      }
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(address, port));
      PrinterSimulator printer = new PrinterSimulator(server, folder);
      Thread acceptor =
          DaemonThreads.start("printer-sim-" + server.getLocalPort(), printer::accept);
      return printer;
    } catch (IOException e) {
      throw new UncheckedIOException("printer simulator cannot listen on port " + port, e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The labels received so far, oldest first. */
  public synchronized List<Label> labels() {
    return List.copyOf(labels);
  }

  /** Data that arrived outside any label and was not a command it knows. */
  public synchronized List<String> rejected() {
    return List.copyOf(rejected);
  }

  /** How many connections were accepted. */
  public int connections() {
    return connectionCount.get();
  }

  /** Waits until at least {@code count} labels have arrived, and returns them all. */
  public synchronized List<Label> awaitLabels(int count, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (labels.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "printer simulator on port %d got %d labels, not %d, within %s"
                .formatted(port(), labels.size(), count, timeout));
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(labels);
  }

  public synchronized void clear() {
    labels.clear();
    rejected.clear();
  }

  /** What {@code ~HS} reports: out of paper. */
  public void paperOut(boolean out) {
    this.paperOut = out;
  }

  /** What {@code ~HS} reports: paused. */
  public void paused(boolean paused) {
    this.paused = paused;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        int number = connectionCount.incrementAndGet();
        connections.execute(() -> serve(socket, number));
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private void serve(Socket socket, int connection) {
    try (socket;
        Reader in = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)) {
      ZplStream stream = new ZplStream();
      char[] buffer = new char[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        for (ZplStream.Piece piece : stream.feed(buffer, n)) {
          handle(piece, socket.getOutputStream(), connection);
        }
      }
      stream.rest().ifPresent(this::reject);
    } catch (IOException e) {
      // the client went away; what arrived is kept
    }
  }

  private void handle(ZplStream.Piece piece, OutputStream out, int connection) throws IOException {
    switch (piece.kind()) {
      case LABEL -> keep(piece.text(), connection);
      case HOST_STATUS -> {
        out.write(hostStatus().getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      default -> reject(piece.text());
    }
  }

  /** Keeps a label, in the folder first: a label {@link #awaitLabels} returns is on disk too. */
  private synchronized void keep(String zpl, int connection) {
    Label label = new Label(labels.size() + 1, zpl, Instant.now(), connection);
    if (folder != null) {
      try {
        Files.writeString(
            folder.resolve(String.format(Locale.ROOT, "label-%06d.zpl", label.number())),
            zpl,
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep label " + label.number() + " in " + folder, e);
      }
    }
    labels.add(label);
    notifyAll();
  }

  private synchronized void reject(String text) {
    rejected.add(text);
  }

  /** The three {@code ~HS} strings, each framed by STX .. ETX CR LF. */
  private String hostStatus() {
    String one = "030,%d,%d,1218,000,0,0,0,000,0,0,0".formatted(paperOut ? 1 : 0, paused ? 1 : 0);
    String two = "001,0,0,0,1,2,6,0,00000000,1,000";
    String three = "1234,0";
    return frame(one) + frame(two) + frame(three);
  }

  private static String frame(String s) {
    return "\u0002" + s + "\u0003\r\n";
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    connections.shutdownNow();
  }
}
