package org.unitrace.line.device.scanner;

/** How a scanner is read. */
public enum ScanMode {
  /** The agent sends a trigger command and waits for one answer. */
  TRIGGER,
  /** The scanner reads on its own and sends every read. */
  CONTINUOUS
}
