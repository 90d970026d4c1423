package org.unitrace.edge.tools;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Properties;
import org.unitrace.edge.outbox.Outbox;
import org.unitrace.edge.outbox.OutboxSettings;
import org.unitrace.edge.serial.CoreBlockSource;
import org.unitrace.edge.serial.SerialIssuer;
import org.unitrace.edge.serial.SerialSettings;
import org.unitrace.line.serialno.SerialContext;

/**
 * Issues serials from a {@link SerialIssuer} until killed, appending each to a file with fsync
 * before the next: what a line does with a serial (mark it, label it). Used to prove under SIGKILL
 * that no serial is issued twice. Run: {@code java -cp edge-agent-*-exec.jar
 * -Dloader.main=org.unitrace.edge.tools.SerialIssueProbe
 * org.springframework.boot.loader.launch.PropertiesLauncher probe.properties out.txt}.
 *
 * <p>The properties: site, line, agentId, store (the SQLite file), coreUrl, token, template,
 * reserve, blockSize, lowWater, and optionally count (stop after that many).
 */
public final class SerialIssueProbe {

  private SerialIssueProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SerialIssueProbe <probe.properties> <out.txt>");
      System.exit(2);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
      p.load(r);
    }
    String site = p.getProperty("site");
    String line = p.getProperty("line");
    String agentId = p.getProperty("agentId");
    Path store = Path.of(p.getProperty("store"));
    OutboxSettings outbox = OutboxSettings.of(store, agentId);
    SerialSettings settings =
        new SerialSettings(
            p.getProperty("template"),
            Long.parseLong(p.getProperty("reserve", "2000")),
            Long.parseLong(p.getProperty("blockSize", "500")),
            Long.parseLong(p.getProperty("lowWater", "1000")));
    long count = Long.parseLong(p.getProperty("count", Long.toString(Long.MAX_VALUE)));
    try (Outbox db = Files.exists(store) ? Outbox.open(outbox) : Outbox.create(outbox);
        SerialIssuer issuer =
            new SerialIssuer(
                settings,
                db,
                new CoreBlockSource(
                    p.getProperty("coreUrl"), p.getProperty("token"), site, line, agentId));
        FileOutputStream out = new FileOutputStream(args[1], true)) {
      for (long i = 0; i < count; i++) {
        String serial = issuer.next(new SerialContext(site, line, "probe", "A", LocalDate.now()));
        out.write((serial + "\n").getBytes(StandardCharsets.US_ASCII));
        out.getFD().sync();
      }
    }
  }
}
