package org.unitrace.core.labels;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reads a label preview back with ZXing as a scanner would: aimed at the whole label, then at each
 * part of it in turn (ZXing's DataMatrix detector searches outwards from the middle of what it is
 * given, as a handheld scanner's aim does). Exactly one symbol of the format must be found.
 */
final class LabelDecoding {

  private LabelDecoding() {}

  /** The decoded text and its symbology identifier (]d2 is GS1 DataMatrix, ]C1 GS1-128). */
  record Read(String text, String symbology) {}

  static BufferedImage image(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      if (image == null) {
        throw new IllegalStateException("not an image (%d bytes)".formatted(png.length));
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Read read(byte[] png, BarcodeFormat format) {
    return read(image(png), format);
  }

  static Read read(BufferedImage image, BarcodeFormat format) {
    Map<String, Read> found = new LinkedHashMap<>();
    decode(image, format, found);
    for (int size = 160;
        found.isEmpty() && size <= Math.max(image.getWidth(), image.getHeight());
        size += 80) {
      int w = Math.min(size, image.getWidth());
      int h = Math.min(size, image.getHeight());
      for (int y = 0; y + h <= image.getHeight(); y += Math.max(1, h / 4)) {
        for (int x = 0; x + w <= image.getWidth(); x += Math.max(1, w / 4)) {
          decode(image.getSubimage(x, y, w, h), format, found);
        }
      }
    }
    if (found.size() != 1) {
      throw new AssertionError(
          "%d different %s symbols read from the preview, expected one: %s"
              .formatted(found.size(), format, found.keySet()));
    }
    return found.values().iterator().next();
  }

  private static void decode(BufferedImage image, BarcodeFormat format, Map<String, Read> found) {
    try {
      Result result =
          new MultiFormatReader()
              .decode(
                  new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                  Map.of(
                      DecodeHintType.POSSIBLE_FORMATS,
                      List.of(format),
                      DecodeHintType.TRY_HARDER,
                      Boolean.TRUE));
      Object symbology = result.getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER);
      found.putIfAbsent(
          result.getText(),
          new Read(result.getText(), symbology == null ? null : symbology.toString()));
    } catch (ReaderException e) {
      // nothing readable in this part
    }
  }
}
