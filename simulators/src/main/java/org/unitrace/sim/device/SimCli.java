package org.unitrace.sim.device;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.unitrace.line.device.Framing;
import org.unitrace.sim.plc.PlcSimulatorMain;

/** What the device simulator mains share: the endpoint options and the console. */
final class SimCli {

  private SimCli() {}

  /** {@code --<prefix>tcp <port>} or {@code --<prefix>pty <path>}, with {@code --framing}. */
  static SimEndpoint endpoint(Map<String, String> o, String prefix, SimDevice device) {
    Framing framing = Framing.of(o.getOrDefault("framing", "crlf"));
    String tcp = o.get(prefix + "tcp");
    String pty = o.get(prefix + "pty");
    if ((tcp == null) == (pty == null)) {
      throw new IllegalArgumentException(
          "give exactly one of --" + prefix + "tcp <port> and --" + prefix + "pty <path>");
    }
    if (tcp != null) {
      SimEndpoint e =
          SimEndpoint.tcp(o.getOrDefault("host", "127.0.0.1"), Integer.parseInt(tcp))
              .framing(framing)
              .serve(device);
      return e;
    }
    Path agentSide = Path.of(pty);
    SocatPair pair = SocatPair.start(agentSide, Path.of(pty + ".sim"));
    SimEndpoint e = SimEndpoint.pty(pair).framing(framing);
    try {
      e.serve(device);
    } catch (RuntimeException ex) {
      pair.close();
      throw ex;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(pair::close));
    return e;
  }

  /** {@code <GS>} (or {@code \x1D}) typed on the console becomes the GS byte. */
  static String typed(String line) {
    return line.replace("<GS>", "\u001D").replace("\\x1D", "\u001D").replace("\\x1d", "\u001D");
  }

  /** GS shown as {@code <GS>}, TAB as {@code <TAB>}. */
  static String shown(String text) {
    return text.replace("\u001D", "<GS>").replace("\t", "<TAB>");
  }

  /** Feeds console lines to {@code commands} until end of input, then waits for Ctrl-C. */
  static void console(Consumer<String> commands, AutoCloseable... stopOnExit) throws Exception {
    CountDownLatch stop = PlcSimulatorMain.closeOnShutdown(stopOnExit);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.ISO_8859_1));
    String line;
    try {
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          try {
            commands.accept(line.strip());
          } catch (RuntimeException e) {
            System.out.println("? " + e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      System.err.println("console: " + e.getMessage());
    }
    stop.await();
  }
}
