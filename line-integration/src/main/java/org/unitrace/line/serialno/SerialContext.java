package org.unitrace.line.serialno;

import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Where and when a unit is being serialized. {@code date} is the production date in the plant's
 * zone (a night shift decides itself whether it belongs to the day it started).
 */
public record SerialContext(
    String site, String line, String station, String shift, LocalDate date) {

  public SerialContext {
    if (date == null) {
      throw new IllegalArgumentException("serial context needs a production date");
    }
  }

  /** The context at a plant-local time. */
  public static SerialContext at(
      String site, String line, String station, String shift, ZonedDateTime time) {
    return new SerialContext(site, line, station, shift, time.toLocalDate());
  }
}
