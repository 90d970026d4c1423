package org.unitrace.line.device.scanner;

import org.unitrace.line.gs1.SymbologyIdentifier;

/** One answer of a scanner. */
public sealed interface ScanResult {

  /** The frame as it came from the scanner, for logs and events. */
  String raw();

  /**
   * A read.
   *
   * @param data the decoded data with the AIM symbology identifier stripped; GS (0x1D) kept
   * @param symbology the AIM identifier ({@code ]d2}), or null when the scanner sends none
   * @param grade the verification grade (ISO/IEC 15415 A-F or 4.0-0.0) when the scanner reports
   *     one, else null
   */
  record Read(String data, SymbologyIdentifier symbology, String grade, String raw)
      implements ScanResult {}

  /** Nothing readable: the scanner said NOREAD, sent an empty frame, or sent nothing in time. */
  record NoRead(String reason, String raw) implements ScanResult {}
}
