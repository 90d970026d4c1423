package org.unitrace.sim.printer;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp simulators.jar org.unitrace.sim.printer.PrinterSimulatorMain [--port 9100]
 * [--host 127.0.0.1] [--dir labels-out]}: a label printer that keeps what it is sent, one file per
 * label, and logs each label's first line.
 */
public final class PrinterSimulatorMain {

  private PrinterSimulatorMain() {}

  public static void main(String[] args) throws Exception {
    int port = 9100;
    String host = "127.0.0.1";
    Path dir = Path.of("printed-labels");
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(required(args[i], value));
        case "--host" -> host = required(args[i], value);
        case "--dir" -> dir = Path.of(required(args[i], value));
        default ->
            throw new IllegalArgumentException(
                "unknown option '%s' (--port <n>, --host <address>, --dir <folder>)"
                    .formatted(args[i]));
      }
      i++;
    }
    PrinterSimulator printer = PrinterSimulator.start(InetAddress.getByName(host), port, dir);
    System.out.printf(
        "label printer simulator on %s:%d, labels kept in %s%n",
        host, printer.port(), dir.toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(printer::close));
    new CountDownLatch(1).await();
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
