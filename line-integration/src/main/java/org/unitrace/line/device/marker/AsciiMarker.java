package org.unitrace.line.device.marker;

import static org.unitrace.line.device.marker.AsciiMarkerProtocol.ACK;
import static org.unitrace.line.device.marker.AsciiMarkerProtocol.DONE;
import static org.unitrace.line.device.marker.AsciiMarkerProtocol.ERR;
import static org.unitrace.line.device.marker.AsciiMarkerProtocol.NAK;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.line.device.ChannelLostException;
import org.unitrace.line.device.DeviceException;
import org.unitrace.line.device.ReconnectingChannel;
import org.unitrace.line.device.marker.MarkerException.Kind;

/**
 * The {@code unitrace-ascii} marker protocol ({@code docs/devices/marker-protocol.md}): one command
 * frame, one ACK or NAK frame, and after START an unsolicited DONE or ERR frame carrying the number
 * the marker gave that marking, so a completion left over from an abandoned cycle is never taken
 * for the current one.
 *
 * <p>A lost channel is reopened by the next command. Commands that only load or ask (STATUS?, JOB,
 * VAR) are sent once more on a fresh connection when the wire was lost under them; START is not,
 * since the marker may already be marking.
 */
public final class AsciiMarker implements LaserMarker {

  private static final Logger log = LoggerFactory.getLogger(AsciiMarker.class);

  /** How long the marker may take to answer a command with ACK or NAK. */
  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(2);

  private final ReconnectingChannel channel;
  private final Duration replyTimeout;
  private String pendingMark;
  private String completion;
  private boolean stale;

  public AsciiMarker(ReconnectingChannel channel, Duration replyTimeout) {
    this.channel = channel;
    this.replyTimeout = replyTimeout;
  }

  @Override
  public String endpoint() {
    return channel.endpoint();
  }

  /**
   * Opens the channel now.
   *
   * @throws MarkerException {@link Kind#TIMEOUT} when the marker cannot be reached; the next
   *     command tries again
   */
  @Override
  public void open() {
    try {
      channel.open();
    } catch (DeviceException e) {
      throw new MarkerException(
          endpoint(), Kind.TIMEOUT, null, "marker unreachable: " + e.getMessage(), e);
    }
  }

  /** How many times the channel to the marker was opened again after it was lost. */
  public long reconnects() {
    return channel.reconnects();
  }

  @Override
  public MarkerStatus status() {
    return AsciiReplies.status(endpoint(), command(AsciiMarkerProtocol.STATUS, true));
  }

  @Override
  public void selectJob(String job) {
    requireName("job", job);
    command(AsciiMarkerProtocol.JOB + " " + job, true);
  }

  @Override
  public void setVariable(String name, String value) {
    requireName("variable", name);
    String escaped;
    try {
      escaped = AsciiMarkerProtocol.escape(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "marker " + endpoint() + ": variable " + name + ": " + e.getMessage(), e);
    }
    command(AsciiMarkerProtocol.VAR + " " + name + "=" + escaped, true);
  }

  @Override
  public void startMarking() {
    String reply = command(AsciiMarkerProtocol.START, false);
    if (reply.isBlank() || reply.contains(" ")) {
      throw AsciiReplies.protocol(
          endpoint(), "START acknowledged without a marking number: 'ACK " + reply + "'");
    }
    pendingMark = reply;
    completion = null;
  }

  @Override
  public void awaitDone(Duration timeout) {
    String mark = pendingMark;
    if (mark == null) {
      throw new IllegalStateException("marker " + endpoint() + ": no marking was started");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (completion == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new MarkerException(
            endpoint(), Kind.TIMEOUT, null, "marking " + mark + " not done within " + timeout);
      }
      Optional<String> frame;
      try {
        frame = channel.read(Duration.ofNanos(left));
      } catch (DeviceException e) {
        throw new MarkerException(
            endpoint(), Kind.TIMEOUT, null, "no completion of marking " + mark, e);
      }
      frame.ifPresent(f -> unsolicited(f, "waiting for marking " + mark));
    }
    String done = completion;
    pendingMark = null;
    completion = null;
    if (!done.isEmpty()) {
      throw AsciiReplies.failed(endpoint(), mark, done);
    }
  }

  @Override
  public void close() {
    channel.close();
  }

  /** Sends a command and returns what follows {@code ACK}; throws on NAK or no answer. */
  private String command(String command, boolean idempotent) {
    try {
      return exchange(command);
    } catch (ChannelLostException e) {
      if (!idempotent) {
        throw new MarkerException(
            endpoint(), Kind.TIMEOUT, null, "no answer to " + verb(command) + ": channel lost", e);
      }
      log.debug("{}: {} lost with the channel, sending it again", endpoint(), verb(command));
      try {
        return exchange(command);
      } catch (DeviceException again) {
        throw wrap(command, again);
      }
    } catch (MarkerException e) {
      throw e;
    } catch (DeviceException e) {
      throw wrap(command, e);
    }
  }

  private MarkerException wrap(String command, DeviceException e) {
    return e instanceof MarkerException m
        ? m
        : new MarkerException(
            endpoint(),
            Kind.TIMEOUT,
            null,
            "no answer to " + verb(command) + ": " + e.getMessage(),
            e);
  }

  private String exchange(String command) {
    if (stale) {
      drain();
    }
    channel.write(command);
    long deadline = System.nanoTime() + replyTimeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Optional<String> frame = left > 0 ? channel.read(Duration.ofNanos(left)) : Optional.empty();
      if (frame.isEmpty()) {
        stale = true;
        throw new MarkerException(
            endpoint(),
            Kind.TIMEOUT,
            null,
            "no answer to " + verb(command) + " within " + replyTimeout.toMillis() + " ms");
      }
      String f = frame.get();
      if (f.equals(ACK) || f.startsWith(ACK + " ")) {
        return f.length() > ACK.length() ? f.substring(ACK.length() + 1) : "";
      }
      if (f.equals(NAK) || f.startsWith(NAK + " ")) {
        throw AsciiReplies.refused(endpoint(), command, f);
      }
      unsolicited(f, "waiting for the answer to " + verb(command));
    }
  }

  /** A DONE or ERR frame outside a command's answer; anything else is out of step and dropped. */
  private void unsolicited(String frame, String context) {
    String[] p = frame.split(" ", 3);
    if ((p[0].equals(DONE) || p[0].equals(ERR)) && p.length >= 2) {
      if (!p[1].equals(pendingMark)) {
        log.info("{}: ignoring {} for marking {} while {}", endpoint(), p[0], p[1], context);
        return;
      }
      if (p[0].equals(DONE)) {
        completion = "";
      } else if (p.length == 3) {
        completion = p[2];
      } else {
        throw AsciiReplies.protocol(endpoint(), "ERR without an error code for marking " + p[1]);
      }
      return;
    }
    log.warn("{}: unexpected frame '{}' while {}, dropped", endpoint(), frame, context);
  }

  /**
   * After a reply timed out its late answer may still come: read it off before the next command.
   */
  private void drain() {
    stale = false;
    Optional<String> f;
    while ((f = channel.read(Duration.ofMillis(50))).isPresent()) {
      String frame = f.get();
      if (frame.startsWith(DONE + " ") || frame.startsWith(ERR + " ")) {
        unsolicited(frame, "reading off late answers");
      } else {
        log.info("{}: late answer '{}' dropped", endpoint(), frame);
      }
    }
  }

  private void requireName(String what, String name) {
    if (!AsciiMarkerProtocol.isName(name)) {
      throw new IllegalArgumentException(
          "marker "
              + endpoint()
              + ": "
              + what
              + " name '"
              + name
              + "' is not 1-32 of A-Z a-z 0-9 _ . -");
    }
  }

  private static String verb(String command) {
    return AsciiReplies.verb(command);
  }
}
