package org.unitrace.core.labels;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.springframework.stereotype.Component;

/**
 * Previews: the label drawn from its ZPL as PNG (one pixel per printer dot), or as a PDF page of
 * the label's real size at the printers' resolution, holding that same image losslessly.
 */
@Component
class LabelImages {

  private final int dpi;

  LabelImages(LabelProperties properties) {
    this.dpi = properties.dpi();
  }

  byte[] png(String zpl) {
    BufferedImage image = draw(zpl);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  byte[] pdf(String zpl) {
    BufferedImage image = draw(zpl);
    float width = image.getWidth() * 72f / dpi;
    float height = image.getHeight() * 72f / dpi;
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage(new PDRectangle(width, height));
      document.addPage(page);
      PDImageXObject xobject = LosslessFactory.createFromImage(document, image);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.drawImage(xobject, 0, 0, width, height);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage draw(String zpl) {
    return ZplPreview.draw(zpl).image();
  }
}
