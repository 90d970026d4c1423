package org.unitrace.core.handheld;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.datamatrix.DataMatrixWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.unitrace.core.support.Chromium;

/**
 * The phone's side of the handheld tests: the console errors that count (not those of requests a
 * test made fail on purpose), and the label a fake camera films (a y4m file made here from a GS1
 * DataMatrix rendered with ZXing). {@link Chromium#phone} is the phone itself.
 */
final class Handheld {

  private Handheld() {}

  /** The console's errors since the last call, but for requests the test made fail on purpose. */
  static List<LogEntry> scriptErrors(ChromeDriver browser) {
    return Chromium.scriptErrors(browser).stream()
        .filter(e -> !e.getMessage().contains("Failed to load resource"))
        .filter(e -> !e.getMessage().contains("net::ERR_CONNECTION_REFUSED"))
        .toList();
  }

  /**
   * A video of a label as a phone camera sees it: a GS1 DataMatrix of {@code elementString} (FNC1
   * first) black on white in the middle of a 640x480 frame, as y4m (YUV 4:2:0, full range).
   */
  static Path labelVideo(String elementString, Path file) throws IOException {
    BitMatrix code =
        new DataMatrixWriter()
            .encode(
                elementString,
                BarcodeFormat.DATA_MATRIX,
                0,
                0,
                Map.of(EncodeHintType.GS1_FORMAT, true));
    int width = 640;
    int height = 480;
    int module = Math.min(300 / code.getWidth(), 300 / code.getHeight());
    int left = (width - code.getWidth() * module) / 2;
    int top = (height - code.getHeight() * module) / 2;
    byte[] y = new byte[width * height];
    Arrays.fill(y, (byte) 235);
    for (int r = 0; r < code.getHeight(); r++) {
      for (int c = 0; c < code.getWidth(); c++) {
        if (code.get(c, r)) {
          for (int dy = 0; dy < module; dy++) {
            int row = (top + r * module + dy) * width + left + c * module;
            Arrays.fill(y, row, row + module, (byte) 16);
          }
        }
      }
    }
    byte[] chroma = new byte[(width / 2) * (height / 2)];
    Arrays.fill(chroma, (byte) 128);
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(
          "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n"
              .formatted(width, height)
              .getBytes(StandardCharsets.US_ASCII));
      for (int f = 0; f < 10; f++) {
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(y);
        out.write(chroma);
        out.write(chroma);
      }
    }
    return file;
  }
}
