package org.unitrace.sim.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits what arrives on a printer connection into labels ({@code ^XA} .. {@code ^XZ}, case as
 * sent), host status queries ({@code ~HS}) and anything else, whatever the chunks it arrives in.
 */
final class ZplStream {

  enum Kind {
    LABEL,
    HOST_STATUS,
    OTHER
  }

  record Piece(Kind kind, String text) {}

  private final StringBuilder pending = new StringBuilder();

  List<Piece> feed(char[] chars, int n) {
    pending.append(chars, 0, n);
    List<Piece> pieces = new ArrayList<>();
    while (true) {
      int start = indexOf("^XA");
      int status = indexOf("~HS");
      if (status >= 0 && (start < 0 || status < start)) {
        other(status, pieces);
        pieces.add(new Piece(Kind.HOST_STATUS, "~HS"));
        pending.delete(0, status + 3);
        continue;
      }
      if (start < 0) {
        break;
      }
      int end = indexOf("^XZ", start + 3);
      if (end < 0) {
        break;
      }
      other(start, pieces);
      pieces.add(new Piece(Kind.LABEL, pending.substring(start, end + 3)));
      pending.delete(0, end + 3);
    }
    return pieces;
  }

  /** What is left when the connection ends: an unfinished label or stray text. */
  Optional<String> rest() {
    String left = pending.toString().strip();
    pending.setLength(0);
    return left.isEmpty() ? Optional.empty() : Optional.of(left);
  }

  private void other(int upTo, List<Piece> pieces) {
    String text = pending.substring(0, upTo).strip();
    if (!text.isEmpty()) {
      pieces.add(new Piece(Kind.OTHER, text));
    }
  }

  private int indexOf(String command) {
    return indexOf(command, 0);
  }

  private int indexOf(String command, int from) {
    String upper = pending.toString().toUpperCase(java.util.Locale.ROOT);
    return upper.indexOf(command, from);
  }
}
