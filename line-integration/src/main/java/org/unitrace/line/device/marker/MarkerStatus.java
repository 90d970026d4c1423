package org.unitrace.line.device.marker;

/**
 * What a marker reports about itself.
 *
 * @param errorCode the marker's error code when {@link State#ERROR}, else null
 * @param message the marker's own words, for logs and events; may be null
 */
public record MarkerStatus(State state, String errorCode, String message) {

  public enum State {
    /** Ready for a job. */
    READY,
    /** Marking, or otherwise not accepting a start. */
    BUSY,
    /** Stopped on an error that needs attention (interlock, laser fault, ...). */
    ERROR
  }

  public static MarkerStatus ready() {
    return new MarkerStatus(State.READY, null, null);
  }
}
