package org.unitrace.line.serialno;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * A serial read back into its segments: where and when the unit was made.
 *
 * @param segments every placeholder's text by name ({@code site}, {@code yy}, {@code seq}...)
 * @param date the production date when the template pins it down ({yy}{ddd}, {yyddd}, or
 *     {yy}{mm}{dd}); the first day of the week or month when it only has {yyww} or {yy}{month}
 */
public record ParsedSerial(
    String serial,
    Map<String, String> segments,
    Optional<LocalDate> date,
    long sequence,
    Optional<Character> check) {

  public ParsedSerial {
    segments = Map.copyOf(segments);
  }

  public Optional<String> site() {
    return Optional.ofNullable(segments.get("site"));
  }

  public Optional<String> line() {
    return Optional.ofNullable(segments.get("line"));
  }

  public Optional<String> station() {
    return Optional.ofNullable(segments.get("station"));
  }

  public Optional<String> shift() {
    return Optional.ofNullable(segments.get("shift"));
  }
}
