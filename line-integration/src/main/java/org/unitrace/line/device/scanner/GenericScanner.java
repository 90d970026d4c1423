package org.unitrace.line.device.scanner;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.line.device.ReconnectingChannel;

/**
 * The {@code generic} scanner protocol ({@code docs/devices/scanner-protocol.md}): a TRIGGER frame
 * out, one read frame back, and in continuous mode read frames whenever the scanner decodes
 * something. Most industrial scanners can be set up to speak it with their own configuration tool
 * (trigger string, NOREAD message, AIM identifier on, grade suffix).
 *
 * <p>A trigger that gets no answer in time is closed with TRIGGER OFF and whatever the scanner
 * sends in the grace period after it is read off, so a late answer is never taken for the next
 * trigger's.
 */
public final class GenericScanner implements Scanner {

  private static final Logger log = LoggerFactory.getLogger(GenericScanner.class);

  /** How long to wait for the answer to TRIGGER OFF after a trigger timed out. */
  public static final Duration DEFAULT_OFF_GRACE = Duration.ofMillis(300);

  private final ReconnectingChannel channel;
  private final ScanMode mode;
  private final Duration offGrace;

  public GenericScanner(ReconnectingChannel channel, ScanMode mode, Duration offGrace) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.offGrace = Objects.requireNonNull(offGrace, "offGrace");
  }

  @Override
  public String endpoint() {
    return channel.endpoint();
  }

  @Override
  public void open() {
    channel.open();
  }

  @Override
  public ScanMode mode() {
    return mode;
  }

  /** How many times the channel to the scanner was opened again after it was lost. */
  public long reconnects() {
    return channel.reconnects();
  }

  /**
   * In trigger mode, triggers one read. In continuous mode nothing is sent: the next read the
   * scanner makes within {@code timeout} is the answer.
   */
  @Override
  public ScanResult trigger(Duration timeout) {
    if (mode == ScanMode.CONTINUOUS) {
      return next(timeout)
          .orElseGet(
              () -> new ScanResult.NoRead("no read within " + timeout.toMillis() + " ms", ""));
    }
    channel.write(ScanFrames.TRIGGER);
    Optional<String> frame = channel.read(timeout);
    if (frame.isPresent()) {
      return ScanFrames.parse(frame.get());
    }
    channel.write(ScanFrames.TRIGGER_OFF);
    Optional<String> late = channel.read(offGrace);
    late.ifPresent(
        f -> {
          if (!f.equals(ScanFrames.NOREAD)) {
            log.info("{}: read after TRIGGER OFF dropped: '{}'", endpoint(), f);
          }
        });
    return new ScanResult.NoRead(
        "no answer to TRIGGER within " + timeout.toMillis() + " ms", late.orElse(""));
  }

  @Override
  public Optional<ScanResult> next(Duration timeout) {
    return channel.read(timeout).map(ScanFrames::parse);
  }

  @Override
  public void close() {
    channel.close();
  }
}
