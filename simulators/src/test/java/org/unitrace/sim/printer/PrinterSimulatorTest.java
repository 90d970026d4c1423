package org.unitrace.sim.printer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The printer simulator over a real TCP connection: labels split and kept, ~HS answered. */
class PrinterSimulatorTest {

  @Test
  void labelsSentInPiecesAreSplitKeptAndWrittenToTheFolder(@TempDir Path dir) throws Exception {
    try (PrinterSimulator printer = PrinterSimulator.start(0, dir)) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), printer.port())) {
        OutputStream out = socket.getOutputStream();
        for (String chunk : List.of("^XA^FO1,1^FDone^F", "S^XZ\n^x", "a^FDtwo^FS^xz\n")) {
          out.write(chunk.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
      List<PrinterSimulator.Label> labels = printer.awaitLabels(2, Duration.ofSeconds(30));
      assertThat(labels)
          .extracting(PrinterSimulator.Label::zpl)
          .containsExactly("^XA^FO1,1^FDone^FS^XZ", "^xa^FDtwo^FS^xz");
      assertThat(labels).extracting(PrinterSimulator.Label::connection).containsOnly(1);
      assertThat(Files.readString(dir.resolve("label-000002.zpl"))).isEqualTo("^xa^FDtwo^FS^xz");
      assertThat(printer.rejected()).isEmpty();
    }
  }

  @Test
  void hostStatusReportsPaperOutAndPause() throws Exception {
    try (PrinterSimulator printer = PrinterSimulator.start(0, null)) {
      printer.paperOut(true);
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), printer.port())) {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write("~HS".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        int lines = 0;
        while (lines < 3) {
          int c = in.read();
          assertThat(c).as("answer so far: %s", answer).isNotNegative();
          answer.append((char) c);
          if (c == '\n') {
            lines++;
          }
        }
        String first = answer.substring(1, answer.indexOf("\u0003"));
        assertThat(first.split(",")[1]).as("paper out flag").isEqualTo("1");
        assertThat(first.split(",")[2]).as("pause flag").isEqualTo("0");
      }
      assertThat(printer.labels()).isEmpty();
    }
  }
}
