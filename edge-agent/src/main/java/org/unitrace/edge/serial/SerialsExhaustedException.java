package org.unitrace.edge.serial;

/** No number in hand for a template and the core cannot give a new block. */
public class SerialsExhaustedException extends RuntimeException {

  public SerialsExhaustedException(String template, String period, Throwable cause) {
    super(
        "no serial numbers left in hand for template "
            + template
            + (period.isEmpty() ? "" : " period " + period)
            + " and no new block from the core: "
            + (cause == null ? "" : cause.getMessage()),
        cause);
  }
}
