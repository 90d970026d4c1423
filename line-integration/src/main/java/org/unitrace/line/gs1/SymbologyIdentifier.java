package org.unitrace.line.gs1;

import java.util.Optional;
import java.util.Set;

/**
 * The AIM symbology identifier a scanner may put before the data ({@code ]d2}, {@code ]C1}...): it
 * says which barcode was read and, for GS1 symbols, that the data is a GS1 element string.
 *
 * @param code the three characters, e.g. {@code ]d2}
 */
public record SymbologyIdentifier(String code) {

  private static final Set<String> GS1 = Set.of("]C1", "]d2", "]Q3", "]e0", "]J1");

  public SymbologyIdentifier {
    if (code == null || code.length() != 3 || code.charAt(0) != ']') {
      throw new IllegalArgumentException("not an AIM symbology identifier: " + code);
    }
  }

  /** Scanned data split into its symbology identifier (if any) and the data after it. */
  public record Scanned(Optional<SymbologyIdentifier> symbology, String data) {

    /** How many characters the identifier took, so offsets point into the original input. */
    public int dataOffset() {
      return symbology.isPresent() ? 3 : 0;
    }
  }

  /** Strips a leading {@code ]Xm} identifier from scanned data and reports it. */
  public static Scanned strip(String scanned) {
    if (scanned.length() >= 3
        && scanned.charAt(0) == ']'
        && Character.isLetter(scanned.charAt(1))
        && Character.isLetterOrDigit(scanned.charAt(2))) {
      return new Scanned(
          Optional.of(new SymbologyIdentifier(scanned.substring(0, 3))), scanned.substring(3));
    }
    return new Scanned(Optional.empty(), scanned);
  }

  /**
   * True for GS1-128, GS1 DataMatrix, GS1 QR Code, GS1 DataBar and GS1 DotCode: the data is
   * AI-formatted.
   */
  public boolean isGs1() {
    return GS1.contains(code);
  }

  /** True for EAN/UPC symbols ({@code ]E0}, {@code ]E4}), whose data is a bare GTIN. */
  public boolean isEanUpc() {
    return code.startsWith("]E");
  }
}
