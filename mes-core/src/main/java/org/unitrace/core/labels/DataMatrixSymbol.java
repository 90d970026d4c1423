package org.unitrace.core.labels;

import com.google.zxing.datamatrix.encoder.DefaultPlacement;
import com.google.zxing.datamatrix.encoder.ErrorCorrection;
import com.google.zxing.datamatrix.encoder.SymbolInfo;
import com.google.zxing.datamatrix.encoder.SymbolShapeHint;

/**
 * A square ECC 200 DataMatrix in ASCII encodation (digit pairs packed, FNC1 as codeword 232), the
 * plain encodation every printer and scanner shares. ZXing supplies the symbol sizes, the
 * Reed-Solomon codewords and the module placement; its own GS1 high-level encoder is not used, as
 * ZXing 3.5.4's decoder could not read back what it made of some serials with lower-case letters.
 */
final class DataMatrixSymbol {

  private static final int FNC1_CODEWORD = 232;
  private static final int UPPER_SHIFT = 235;
  private static final int PAD = 129;

  private DataMatrixSymbol() {}

  /**
   * The modules, {@code [row][column]}; a content starting with {@link FieldData#FNC1} is GS1, and
   * every FNC1 in it is the FNC1 codeword.
   */
  static boolean[][] encode(String content) {
    boolean gs1 = !content.isEmpty() && content.charAt(0) == FieldData.FNC1;
    StringBuilder codewords = new StringBuilder();
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c > 255) {
        throw new IllegalArgumentException(
            "character '%s' at %d is beyond ISO-8859-1".formatted(c, i + 1));
      }
      if (Character.isDigit(c)
          && c < 128
          && i + 1 < content.length()
          && content.charAt(i + 1) >= '0'
          && content.charAt(i + 1) <= '9') {
        codewords.append((char) (130 + (c - '0') * 10 + (content.charAt(i + 1) - '0')));
        i++;
      } else if (gs1 && c == FieldData.FNC1) {
        codewords.append((char) FNC1_CODEWORD);
      } else if (c < 128) {
        codewords.append((char) (c + 1));
      } else {
        codewords.append((char) UPPER_SHIFT).append((char) (c - 128 + 1));
      }
    }
    SymbolInfo symbol = SymbolInfo.lookup(codewords.length(), SymbolShapeHint.FORCE_SQUARE);
    int capacity = symbol.getDataCapacity();
    if (codewords.length() < capacity) {
      codewords.append((char) PAD);
    }
    while (codewords.length() < capacity) {
      int position = codewords.length() + 1;
      int pad = PAD + ((149 * position) % 253) + 1;
      codewords.append((char) (pad <= 254 ? pad : pad - 254));
    }
    String all = ErrorCorrection.encodeECC200(codewords.toString(), symbol);
    DefaultPlacement placement =
        new DefaultPlacement(all, symbol.getSymbolDataWidth(), symbol.getSymbolDataHeight());
    placement.place();
    return modules(placement, symbol);
  }

  /** The data regions with their finder and clock patterns around each. */
  private static boolean[][] modules(DefaultPlacement placement, SymbolInfo symbol) {
    boolean[][] m = new boolean[symbol.getSymbolHeight()][symbol.getSymbolWidth()];
    int row = 0;
    for (int y = 0; y < symbol.getSymbolDataHeight(); y++) {
      if (y % symbol.matrixHeight == 0) {
        for (int x = 0; x < symbol.getSymbolWidth(); x++) {
          m[row][x] = x % 2 == 0;
        }
        row++;
      }
      int col = 0;
      for (int x = 0; x < symbol.getSymbolDataWidth(); x++) {
        if (x % symbol.matrixWidth == 0) {
          m[row][col++] = true;
        }
        m[row][col++] = placement.getBit(x, y);
        if (x % symbol.matrixWidth == symbol.matrixWidth - 1) {
          m[row][col++] = y % 2 == 0;
        }
      }
      row++;
      if (y % symbol.matrixHeight == symbol.matrixHeight - 1) {
        for (int x = 0; x < symbol.getSymbolWidth(); x++) {
          m[row][x] = true;
        }
        row++;
      }
    }
    return m;
  }
}
