package org.unitrace.core.labels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lombok.RequiredArgsConstructor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.unitrace.line.DaemonThreads;

/**
 * The configured network label printers, and sending them ZPL: one print job per TCP connection
 * (raw port 9100), opened within the connect timeout and written within the write timeout (a
 * printer that stops reading is cut off then, rather than holding the request forever).
 */
@Component
@RequiredArgsConstructor
class LabelPrinters implements DisposableBean {

  private final LabelProperties properties;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("label-printer-watchdog"));

  /** A printer as listed: its name and where it is. */
  record Listed(String name, String host, int port, String description) {}

  List<Listed> list() {
    return properties.printers().entrySet().stream()
        .map(
            e ->
                new Listed(
                    e.getKey(),
                    e.getValue().host(),
                    e.getValue().port(),
                    e.getValue().description()))
        .toList();
  }

  LabelProperties.Printer find(String name) {
    LabelProperties.Printer printer = name == null ? null : properties.printers().get(name);
    if (printer == null) {
      throw new UnknownPrinter(
          "printer '%s' not found; configured: %s"
              .formatted(
                  name,
                  properties.printers().isEmpty()
                      ? "none (unitrace.labels.printers.<name>.host/port)"
                      : String.join(", ", properties.printers().keySet())));
    }
    return printer;
  }

  /** Sends one job; throws {@link PrinterUnavailable} naming the printer, host and port. */
  void send(String name, byte[] job) {
    LabelProperties.Printer printer = find(name);
    String where = "printer '%s' at %s:%d".formatted(name, printer.host(), printer.port());
    try (Socket socket = new Socket()) {
      connect(socket, printer, where);
      AtomicBoolean cut = new AtomicBoolean();
      ScheduledFuture<?> deadline =
          watchdog.schedule(
              () -> {
                cut.set(true);
                closeQuietly(socket);
              },
              properties.writeTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        OutputStream out = socket.getOutputStream();
        out.write(job);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        throw new PrinterUnavailable(
            false,
            cut.get()
                ? "%s did not take the %d bytes of the job within %s"
                    .formatted(where, job.length, properties.writeTimeout())
                : "%s broke off the job of %d bytes: %s"
                    .formatted(where, job.length, e.getMessage()));
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException e) {
      // closing after the job was written: the printer has it
    }
  }

  private void connect(Socket socket, LabelProperties.Printer printer, String where) {
    try {
      socket.connect(
          new InetSocketAddress(printer.host(), printer.port()),
          (int) properties.connectTimeout().toMillis());
    } catch (SocketTimeoutException e) {
      throw new PrinterUnavailable(
          true,
          "%s does not answer: no connection within %s"
              .formatted(where, properties.connectTimeout()));
    } catch (IOException e) {
      throw new PrinterUnavailable(true, "%s does not answer: %s".formatted(where, e.getMessage()));
    }
  }

  /**
   * Asks the printer for its host status ({@code ~HS}) and waits for the answer within the write
   * timeout: out of paper, paused, head open, ribbon out.
   */
  PrinterStatus status(String name) {
    LabelProperties.Printer printer = find(name);
    String where = "printer '%s' at %s:%d".formatted(name, printer.host(), printer.port());
    try (Socket socket = new Socket()) {
      connect(socket, printer, where);
      StringBuilder answer = new StringBuilder();
      try {
        socket.setSoTimeout((int) properties.writeTimeout().toMillis());
        socket.getOutputStream().write("~HS".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        List<String> strings;
        while ((strings = PrinterStatus.strings(answer)) == null) {
          int c = in.read();
          if (c < 0 || answer.length() > 1024) {
            throw new IOException("the answer ended after '%s'".formatted(answer));
          }
          answer.append((char) c);
        }
        return PrinterStatus.parse(name, printer.host(), printer.port(), strings);
      } catch (SocketTimeoutException e) {
        throw new PrinterUnavailable(
            false,
            "%s did not answer ~HS within %s (got '%s')"
                .formatted(where, properties.writeTimeout(), answer));
      } catch (IOException | IllegalArgumentException e) {
        throw new PrinterUnavailable(
            false, "%s gave no host status: %s".formatted(where, e.getMessage()));
      }
    } catch (IOException e) {
      throw new PrinterUnavailable(false, "%s: %s".formatted(where, e.getMessage()));
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // cut off anyway
    }
  }

  /** A printer name that is not configured (404). */
  static class UnknownPrinter extends RuntimeException {
    UnknownPrinter(String message) {
      super(message);
    }
  }

  @Override
  public void destroy() {
    watchdog.shutdownNow();
  }
}
