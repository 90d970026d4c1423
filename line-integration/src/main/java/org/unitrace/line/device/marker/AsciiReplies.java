package org.unitrace.line.device.marker;

import org.unitrace.line.device.marker.MarkerException.Kind;
import org.unitrace.line.device.marker.MarkerStatus.State;

/** Turns the marker's reply frames into statuses and exceptions that keep its error codes. */
final class AsciiReplies {

  private AsciiReplies() {}

  /** What follows {@code ACK} in the answer to {@code STATUS?}. */
  static MarkerStatus status(String endpoint, String reply) {
    String[] p = reply.split(" ", 3);
    switch (p[0]) {
      case "READY":
        return new MarkerStatus(State.READY, null, afterFirstWord(reply));
      case "BUSY":
        return new MarkerStatus(State.BUSY, null, afterFirstWord(reply));
      case "ERROR":
        if (p.length < 2) {
          throw protocol(endpoint, "status ERROR without a code: 'ACK " + reply + "'");
        }
        return new MarkerStatus(State.ERROR, p[1], p.length > 2 ? p[2] : null);
      default:
        throw protocol(
            endpoint, "status 'ACK " + reply + "' is not READY, BUSY or ERROR <code> <text>");
    }
  }

  /** {@code NAK <code> <text>}: BUSY for code 01, else ERROR with the code. */
  static MarkerException refused(String endpoint, String command, String nak) {
    String[] p = nak.split(" ", 3);
    if (p.length < 2 || p[1].isEmpty()) {
      return protocol(endpoint, "NAK without an error code to " + verb(command));
    }
    String code = p[1];
    Kind kind = AsciiMarkerProtocol.Error.BUSY.code().equals(code) ? Kind.BUSY : Kind.ERROR;
    return new MarkerException(
        endpoint, kind, code, verb(command) + " refused: error " + code + " " + text(p, code));
  }

  /** {@code <code> <text>} from {@code ERR <n> <code> <text>}. */
  static MarkerException failed(String endpoint, String mark, String codeAndText) {
    String[] p = ("ERR " + codeAndText).split(" ", 3);
    return new MarkerException(
        endpoint,
        Kind.ERROR,
        p[1],
        "marking " + mark + " failed: error " + p[1] + " " + text(p, p[1]));
  }

  static MarkerException protocol(String endpoint, String message) {
    return new MarkerException(endpoint, Kind.PROTOCOL, null, message);
  }

  /** The first word of a command, for messages: {@code VAR}, never the value. */
  static String verb(String command) {
    int space = command.indexOf(' ');
    return space < 0 ? command : command.substring(0, space);
  }

  private static String text(String[] words, String code) {
    return words.length > 2
        ? words[2]
        : AsciiMarkerProtocol.Error.of(code).map(AsciiMarkerProtocol.Error::text).orElse("");
  }

  private static String afterFirstWord(String reply) {
    int space = reply.indexOf(' ');
    return space < 0 ? null : reply.substring(space + 1);
  }
}
