package org.unitrace.core.labels;

import com.google.zxing.WriterException;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws a label from the ZPL that is sent to the printer, one pixel per printer dot, so the preview
 * a clerk sees is what the printer is told. It knows the commands the templates may use (a template
 * with another is refused when it is loaded) and draws barcodes with ZXing.
 */
final class ZplPreview {

  static final Set<String> SUPPORTED =
      new TreeSet<>(
          Set.of(
              "XA", "XZ", "CI", "PW", "LL", "LH", "FO", "A", "CF", "BY", "BC", "BX", "BQ", "GB",
              "FD", "FH", "FS", "FX"));

  private static final int MAX_DOTS = 4000;

  private ZplPreview() {}

  /** What one barcode on the label holds, FNC1 as {@link FieldData#FNC1}. */
  record Symbol(String type, String content, int line) {}

  record Drawn(BufferedImage image, List<Symbol> symbols) {}

  /** One label, {@code ^XA} to {@code ^XZ}. */
  static Drawn draw(String zpl) {
    List<Zpl.Command> commands = Zpl.parse(zpl);
    int width = 0;
    int height = 0;
    int starts = 0;
    for (Zpl.Command c : commands) {
      if (!SUPPORTED.contains(c.name()) || c.prefix() != '^') {
        throw new ZplException(
            c.line(),
            "%s is not a command this system prints and previews (it knows ^%s)"
                .formatted(c, String.join(", ^", SUPPORTED)));
      }
      switch (c.name()) {
        case "PW" -> width = c.intArg(0, 0);
        case "LL" -> height = c.intArg(0, 0);
        case "XA" -> starts++;
        default -> {}
      }
    }
    if (starts != 1
        || !commands.get(0).name().equals("XA")
        || !commands.get(commands.size() - 1).name().equals("XZ")) {
      throw new ZplException(1, "a label is one ^XA ... ^XZ, found %d ^XA".formatted(starts));
    }
    if (width <= 0 || height <= 0 || width > MAX_DOTS || height > MAX_DOTS) {
      throw new ZplException(
          1,
          "the label needs its size in dots: ^PW (width) and ^LL (length), 1 to %d, were %d and %d"
              .formatted(MAX_DOTS, width, height));
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
      List<Symbol> symbols = new ArrayList<>();
      new Interpreter(g, symbols).run(commands);
      return new Drawn(image, symbols);
    } finally {
      g.dispose();
    }
  }

  /** The field being built between {@code ^FO} and {@code ^FS}, and the settings that last. */
  private static final class Interpreter {
    private final Graphics2D g;
    private final List<Symbol> symbols;
    private int homeX;
    private int homeY;
    private int x;
    private int y;
    private int fontHeight = 30;
    private int fontWidth = 0;
    private int moduleWidth = 2;
    private int barHeight = 10;
    private Zpl.Command barcode;
    private Zpl.Command font;
    private Character hexIndicator;
    private Zpl.Command data;

    Interpreter(Graphics2D g, List<Symbol> symbols) {
      this.g = g;
      this.symbols = symbols;
    }

    void run(List<Zpl.Command> commands) {
      for (Zpl.Command c : commands) {
        switch (c.name()) {
          case "LH" -> {
            homeX = c.intArg(0, 0);
            homeY = c.intArg(1, 0);
          }
          case "FO" -> {
            x = homeX + c.intArg(0, 0);
            y = homeY + c.intArg(1, 0);
          }
          case "CF" -> {
            fontHeight = c.intArg(1, fontHeight);
            fontWidth = c.intArg(2, fontWidth);
          }
          case "A" -> {
            orientationN(c, c.params().length() > 1 ? c.params().substring(1).split(",")[0] : "");
            font = c;
          }
          case "BY" -> {
            moduleWidth = c.intArg(0, moduleWidth);
            barHeight = c.intArg(2, barHeight);
          }
          case "BC", "BX", "BQ" -> {
            orientationN(c, c.arg(0, "N"));
            barcode = c;
          }
          case "FH" -> hexIndicator = c.params().isEmpty() ? '_' : c.params().charAt(0);
          case "FD" -> data = c;
          case "GB" -> box(c);
          case "FS" -> {
            if (data != null) {
              field();
            }
            barcode = null;
            font = null;
            hexIndicator = null;
            data = null;
          }
          case "CI" -> {
            String set = c.arg(0, "0");
            if (!set.equals("0") && !set.equals("27") && !set.equals("28")) {
              throw new ZplException(c.line(), "^CI%s: only ^CI28 (UTF-8) and ^CI0".formatted(set));
            }
          }
          default -> {} // XA, XZ, PW, LL (read before), FX (a comment)
        }
      }
      if (data != null) {
        throw new ZplException(data.line(), "^FD without its ^FS");
      }
    }

    private static void orientationN(Zpl.Command c, String orientation) {
      if (!orientation.isEmpty() && !orientation.equals("N")) {
        throw new ZplException(
            c.line(), "%s orientation '%s': only N (normal) is printed".formatted(c, orientation));
      }
    }

    private void box(Zpl.Command c) {
      int thickness = c.intArg(2, 1);
      int w = Math.max(c.intArg(0, thickness), thickness);
      int h = Math.max(c.intArg(1, thickness), thickness);
      g.setColor(c.arg(3, "B").equals("W") ? Color.WHITE : Color.BLACK);
      if (2 * thickness >= Math.min(w, h)) {
        g.fillRect(x, y, w, h);
      } else {
        g.fillRect(x, y, w, thickness);
        g.fillRect(x, y + h - thickness, w, thickness);
        g.fillRect(x, y, thickness, h);
        g.fillRect(x + w - thickness, y, thickness, h);
      }
      g.setColor(Color.BLACK);
    }

    private void field() {
      int line = data.line();
      if (barcode == null) {
        String text = FieldData.hexDecoded(data.params(), hexIndicator, line);
        int h = font == null ? fontHeight : font.intArg(1, fontHeight);
        int w = font == null ? fontWidth : font.intArg(2, fontWidth);
        text(text, x, y, h, w);
        return;
      }
      switch (barcode.name()) {
        case "BX" -> dataMatrix(line);
        case "BQ" -> qr(line);
        default -> code128(line);
      }
    }

    private void text(String text, int left, int top, int h, int w) {
      Font base = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(1, Math.round(h * 0.86f)));
      double scaleX = w > 0 ? Math.min(3.0, Math.max(0.3, (double) w / h)) : 1.0;
      Font f = base.deriveFont(AffineTransform.getScaleInstance(scaleX, 1.0));
      g.setFont(f);
      FontMetrics m = g.getFontMetrics(base);
      g.drawString(text, left, top + m.getAscent());
    }

    private void dataMatrix(int line) {
      if (!barcode.arg(2, "").equals("200")) {
        throw new ZplException(
            barcode.line(),
            "^BX quality must be 200 (ECC 200), was '%s'".formatted(barcode.arg(2, "")));
      }
      if (barcode.arg(3, null) != null || barcode.arg(4, null) != null) {
        throw new ZplException(
            barcode.line(), "^BX columns and rows: leave them blank (the size follows the data)");
      }
      int module = barcode.intArg(1, 6);
      String escape = barcode.arg(6, null);
      String content =
          FieldData.dataMatrixDecoded(
              FieldData.hexDecoded(data.params(), hexIndicator, line),
              escape == null ? null : escape.charAt(0),
              line);
      symbols.add(new Symbol("DATA_MATRIX", content, line));
      try {
        boolean[][] m = DataMatrixSymbol.encode(content);
        for (int my = 0; my < m.length; my++) {
          for (int mx = 0; mx < m[my].length; mx++) {
            if (m[my][mx]) {
              g.fillRect(x + mx * module, y + my * module, module, module);
            }
          }
        }
      } catch (IllegalArgumentException e) {
        throw new ZplException(line, "DataMatrix of '%s': %s".formatted(content, e.getMessage()));
      }
    }

    private void qr(int line) {
      if (!barcode.arg(1, "2").equals("2")) {
        throw new ZplException(barcode.line(), "^BQ model must be 2");
      }
      int module = barcode.intArg(2, 3);
      String text = FieldData.hexDecoded(data.params(), hexIndicator, line);
      if (text.length() < 3 || text.charAt(1) != 'A' || text.charAt(2) != ',') {
        throw new ZplException(
            line, "^BQ field data must start with the error correction and A, e.g. QA,<data>");
      }
      ErrorCorrectionLevel level;
      try {
        level = ErrorCorrectionLevel.valueOf(text.substring(0, 1));
      } catch (IllegalArgumentException e) {
        throw new ZplException(
            line, "^BQ error correction '%s': H, Q, M or L".formatted(text.charAt(0)));
      }
      String content = text.substring(3);
      symbols.add(new Symbol("QR_CODE", content, line));
      try {
        QRCode code = Encoder.encode(content, level);
        ByteMatrix m = code.getMatrix();
        for (int my = 0; my < m.getHeight(); my++) {
          for (int mx = 0; mx < m.getWidth(); mx++) {
            if (m.get(mx, my) == 1) {
              g.fillRect(x + mx * module, y + my * module, module, module);
            }
          }
        }
      } catch (WriterException e) {
        throw new ZplException(line, "QR code of '%s': %s".formatted(content, e.getMessage()));
      }
    }

    private void code128(int line) {
      if (!barcode.arg(5, "N").equals("N") || !barcode.arg(3, "N").equals("N")) {
        throw new ZplException(
            barcode.line(),
            "^BC: only mode N with the interpretation line below (write >;>8 for GS1-128)");
      }
      int height = barcode.intArg(1, barHeight);
      boolean interpretation = barcode.arg(2, "Y").equals("Y");
      String content =
          Code128Data.decode(FieldData.hexDecoded(data.params(), hexIndicator, line), line);
      symbols.add(
          new Symbol("CODE_128", content.replace(Code128Data.ZXING_FNC1, FieldData.FNC1), line));
      boolean[] bars;
      try {
        bars = new Code128Writer().encode(content);
      } catch (IllegalArgumentException e) {
        throw new ZplException(line, "Code 128 of '%s': %s".formatted(content, e.getMessage()));
      }
      for (int i = 0; i < bars.length; i++) {
        if (bars[i]) {
          g.fillRect(x + i * moduleWidth, y, moduleWidth, height);
        }
      }
      if (interpretation) {
        String human = Code128Data.humanReadable(content);
        int h = Math.max(18, moduleWidth * 9);
        Font f = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(h * 0.86f));
        int textWidth = g.getFontMetrics(f).stringWidth(human);
        int left = x + Math.max(0, (bars.length * moduleWidth - textWidth) / 2);
        text(human, left, y + height + 4, h, 0);
      }
    }
  }
}
