package org.unitrace.line.serialno;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one serial against a template's segments, left to right. */
final class SerialReader {

  private static final String MONTHS = "ABCDEFGHJKLM";

  private final String template;
  private final List<Segment> segments;
  private final String serial;
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, Integer> offsets = new HashMap<>();

  SerialReader(String template, List<Segment> segments, String serial) {
    this.template = template;
    this.segments = segments;
    this.serial = serial;
  }

  ParsedSerial read() {
    if (segments.stream().noneMatch(Segment::variable)) {
      int needed = segments.stream().mapToInt(Segment::width).sum();
      if (serial.length() != needed) {
        throw fail(
            Math.min(serial.length(), needed),
            "serial has "
                + serial.length()
                + " characters, template "
                + template
                + " needs "
                + needed);
      }
    }
    int pos = 0;
    long sequence = -1;
    Character check = null;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      int width = s.variable() ? variableWidth(i, pos) : s.width();
      if (pos + width > serial.length()) {
        throw fail(pos, "serial ends before {" + s.text() + "} (" + width + " characters)");
      }
      String text = serial.substring(pos, pos + width);
      switch (s.kind()) {
        case LITERAL -> {
          if (!text.equals(s.text())) {
            throw fail(pos, "expected literal '" + s.text() + "', found '" + text + "'");
          }
        }
        case SEQ -> sequence = number(text, s.radix(), pos, s.text());
        case CHECK -> {
          char expected = s.check().compute(serial.substring(0, pos));
          if (text.charAt(0) != expected) {
            throw fail(pos, "check character " + text + " is wrong, expected " + expected);
          }
          check = text.charAt(0);
        }
        case MONTH -> {
          if (MONTHS.indexOf(text.charAt(0)) < 0) {
            throw fail(pos, "month letter " + text + " is not one of A..M without I");
          }
        }
        case SITE, LINE, STATION, SHIFT -> {}
        default -> number(text, 10, pos, s.text());
      }
      if (s.kind() != Segment.Kind.LITERAL) {
        values.put(s.kind().key(), text);
        offsets.put(s.kind().key(), pos);
      }
      pos += width;
    }
    if (pos != serial.length()) {
      throw fail(
          pos,
          "serial has " + (serial.length() - pos) + " characters more than template " + template);
    }
    return new ParsedSerial(serial, values, date(), sequence, Optional.ofNullable(check));
  }

  private int variableWidth(int index, int pos) {
    if (index + 1 < segments.size() && segments.get(index + 1).kind() == Segment.Kind.LITERAL) {
      String literal = segments.get(index + 1).text();
      int at = serial.indexOf(literal, pos);
      if (at < 0) {
        throw fail(
            pos, "literal '" + literal + "' after {" + segments.get(index).text() + "} not found");
      }
      return at - pos;
    }
    int rest = segments.subList(index + 1, segments.size()).stream().mapToInt(Segment::width).sum();
    return Math.max(0, serial.length() - pos - rest);
  }

  private long number(String text, int radix, int pos, String name) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.digit(c, radix) < 0 || Character.isLowerCase(c)) {
        throw fail(pos + i, "'" + c + "' in {" + name + "} is not a base-" + radix + " digit");
      }
    }
    return Long.parseLong(text, radix);
  }

  private Optional<LocalDate> date() {
    Integer year = year();
    if (year == null) {
      return Optional.empty();
    }
    String ddd = values.containsKey("yyddd") ? values.get("yyddd").substring(2) : values.get("ddd");
    String key = values.containsKey("yyddd") ? "yyddd" : "ddd";
    try {
      if (ddd != null) {
        int day = Integer.parseInt(ddd);
        if (day < 1 || day > LocalDate.of(year, 1, 1).lengthOfYear()) {
          throw fail(offsets.get(key), "day of year " + ddd + " is not a date in " + year);
        }
        return Optional.of(LocalDate.ofYearDay(year, day));
      }
      String ww = values.containsKey("yyww") ? values.get("yyww").substring(2) : values.get("ww");
      if (ww != null) {
        int week = Integer.parseInt(ww);
        LocalDate monday =
            LocalDate.of(year, 1, 4)
                .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, 1)
                .with(DayOfWeek.MONDAY);
        if (week < 1 || week > monday.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
          throw fail(
              offsets.getOrDefault("ww", offsets.get("yyww")),
              "week " + ww + " is not a week of " + year);
        }
        return Optional.of(monday.plusWeeks(week - 1L));
      }
      Integer month =
          values.containsKey("mm")
              ? Integer.valueOf(values.get("mm"))
              : values.containsKey("month") ? MONTHS.indexOf(values.get("month")) + 1 : null;
      if (month == null) {
        return Optional.empty();
      }
      if (month < 1 || month > 12) {
        throw fail(offsets.get("mm"), "month " + month + " is not a month");
      }
      int day = values.containsKey("dd") ? Integer.parseInt(values.get("dd")) : 1;
      return Optional.of(LocalDate.of(year, month, day));
    } catch (DateTimeException e) {
      throw fail(offsets.getOrDefault("dd", 0), "not a date: " + e.getMessage());
    }
  }

  private Integer year() {
    if (values.containsKey("yyyy")) {
      return Integer.valueOf(values.get("yyyy"));
    }
    String yy =
        values.getOrDefault(
            "yy",
            values.containsKey("yyddd")
                ? values.get("yyddd").substring(0, 2)
                : values.containsKey("yyww") ? values.get("yyww").substring(0, 2) : null);
    return yy == null ? null : 2000 + Integer.parseInt(yy);
  }

  private InvalidSerialException fail(int offset, String rule) {
    return new InvalidSerialException(serial, offset, rule);
  }
}
