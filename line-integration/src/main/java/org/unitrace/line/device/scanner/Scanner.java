package org.unitrace.line.device.scanner;

import java.time.Duration;
import java.util.Optional;

/**
 * A barcode scanner or verifier on a channel. In trigger mode the station asks for a read with
 * {@link #trigger}; in continuous (presentation) mode the scanner sends whatever it reads and the
 * station takes reads with {@link #next}. {@link ScannerDrivers#create} builds one from the line
 * configuration.
 */
public interface Scanner extends AutoCloseable {

  String endpoint();

  /** Opens the channel; a lost channel is reopened by the next call. */
  void open();

  ScanMode mode();

  /**
   * Triggers one read and waits for its answer. A NOREAD from the scanner and silence within {@code
   * timeout} both come back as {@link ScanResult.NoRead}.
   */
  ScanResult trigger(Duration timeout);

  /** The next read the scanner sent by itself, or empty when none came within {@code timeout}. */
  Optional<ScanResult> next(Duration timeout);

  @Override
  void close();
}
