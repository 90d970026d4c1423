package org.unitrace.core.labels;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** DataMatrix symbols made here read back with ZXing to the same content, GS1 or not. */
class DataMatrixSymbolTest {

  @Test
  void serialsOfEveryKindReadBack() {
    for (String serial :
        new String[] {
          "1",
          "SN-0001",
          "LB3f9a0c1d2e-U1",
          "abc_DEF-ghi.jkl/mno",
          "0123456789012345678901",
          "x".repeat(60),
          "Zürich-7",
          "A^B~C"
        }) {
      assertThat(read(serial).text()).as(serial).isEqualTo(serial);
      String gs1 = FieldData.FNC1 + "0109506000134352" + "21" + serial;
      LabelDecoding.Read read = read(gs1);
      assertThat(read.text()).as(serial).isEqualTo(gs1);
      assertThat(read.symbology()).isEqualTo("]d2");
    }
  }

  @Test
  void anFnc1InsideAGs1ElementStringSeparatesAVariableLengthField() {
    String content = FieldData.FNC1 + "10LOT-7" + FieldData.FNC1 + "21SN-1";
    assertThat(read(content).text()).isEqualTo(content);
  }

  private static LabelDecoding.Read read(String content) {
    boolean[][] m = DataMatrixSymbol.encode(content);
    int module = 5;
    int margin = 4 * module;
    BufferedImage image =
        new BufferedImage(
            m[0].length * module + 2 * margin,
            m.length * module + 2 * margin,
            BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    for (int y = 0; y < m.length; y++) {
      for (int x = 0; x < m[y].length; x++) {
        if (m[y][x]) {
          g.fillRect(margin + x * module, margin + y * module, module, module);
        }
      }
    }
    g.dispose();
    return LabelDecoding.read(image, BarcodeFormat.DATA_MATRIX);
  }
}
