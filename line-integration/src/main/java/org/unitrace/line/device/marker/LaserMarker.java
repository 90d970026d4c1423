package org.unitrace.line.device.marker;

import java.time.Duration;
import java.util.Map;

/**
 * A laser marker as the marking station sees it, whatever the vendor's protocol: select a job, fill
 * its variable texts, start marking, wait until it is done. One implementation per protocol; {@link
 * MarkerDrivers#create} picks one by the driver name in the line configuration.
 *
 * <p>Not thread-safe: one station drives one marker. Every failure is a {@link MarkerException}
 * that says what the marker answered (busy, its error code, no answer in time).
 */
public interface LaserMarker extends AutoCloseable {

  /** The serial port path or {@code host:port} of the marker. */
  String endpoint();

  /** Opens the channel to the marker; a lost channel is reopened by the next command. */
  void open();

  /** Asks the marker what it is doing. */
  MarkerStatus status();

  /** Loads a marking job (layout) stored on the marker. */
  void selectJob(String job);

  /** Sets one variable text field of the loaded job, e.g. the serial and its DataMatrix content. */
  void setVariable(String name, String value);

  /** Starts marking the loaded job; refused with {@link MarkerException.Kind#BUSY} while busy. */
  void startMarking();

  /**
   * Waits until the marking started last is complete.
   *
   * @throws MarkerException {@link MarkerException.Kind#TIMEOUT} when it is not done in time,
   *     {@link MarkerException.Kind#ERROR} with the marker's code when marking failed
   */
  void awaitDone(Duration timeout);

  /** The whole cycle: select, set every variable, start, wait. */
  default void mark(String job, Map<String, String> variables, Duration timeout) {
    selectJob(job);
    variables.forEach(this::setVariable);
    startMarking();
    awaitDone(timeout);
  }

  /** Closes the channel. Never throws. */
  @Override
  void close();
}
