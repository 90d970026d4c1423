package org.unitrace.edge.station;

import java.time.Instant;

/**
 * How one marking cycle ended, as the devices' thread reports it to {@link LineLogic#marked}.
 *
 * @param serial the serial issued, or null when none could be issued
 * @param failureCode null when the mark passed; else {@code NOREAD}, {@code MISMATCH}, {@code
 *     GRADE_BELOW_x}, {@code MARKER_...} or {@code NO_SERIALS}
 * @param detail what went wrong, in words, for the event and the log
 */
public record MarkOutcome(
    Step.MarkRequest request,
    String serial,
    String failureCode,
    String grade,
    String content,
    String symbology,
    int markAttempts,
    int readAttempts,
    long markMillis,
    String detail,
    Instant at) {

  public boolean passed() {
    return failureCode == null;
  }
}
