package org.unitrace.line.label;

import org.unitrace.line.gs1.Gs1ElementString;

/**
 * What a station learnt from one scanned label. Fields the label does not carry are null.
 *
 * @param raw the scan as received, symbology identifier included
 * @param symbology the AIM symbology identifier ({@code ]d2}), or null
 * @param gs1 the parsed element string for GS1 labels, else null
 */
public record ScannedLabel(
    Kind kind,
    String partNumber,
    String serial,
    String lot,
    String supplier,
    Long quantity,
    String gtin,
    String raw,
    String symbology,
    Gs1ElementString gs1) {

  /** Where the data came from. */
  public enum Kind {
    GS1,
    PATTERN
  }
}
