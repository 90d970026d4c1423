package org.unitrace.line.serialno;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unitrace.contract.SerialCharset;

/**
 * A plant's serial-number scheme, e.g. {@code
 * {site:3}{line:2}{yy}{ddd}{seq:5:daily}{check:mod37-36}}.
 *
 * <p>Syntax: literal text, and placeholders in braces:
 *
 * <ul>
 *   <li>{@code {site}}, {@code {line}}, {@code {station}}, {@code {shift}}: the context's code;
 *       {@code {site:3}} demands exactly 3 characters. A placeholder without width must be followed
 *       by literal text or by fixed-width placeholders only, so a serial reads back unambiguously.
 *   <li>dates: {@code {yy}}, {@code {yyyy}}, {@code {ddd}} / {@code {yyddd}} (day of year), {@code
 *       {ww}} / {@code {yyww}} (ISO week, week-based year), {@code {mm}}, {@code {dd}}, {@code
 *       {month}} (one letter A..M without I, as in VINs). Two-digit years are 2000-2099.
 *   <li>{@code {seq:N}} decimal or {@code {seq36:N}} base 36 (0-9A-Z), zero-padded to N, with an
 *       optional reset {@code :daily}, {@code :shift}, {@code :weekly}, {@code :monthly}, {@code
 *       :yearly} (default: never).
 *   <li>{@code {check:ALG}}, last: one character computed over the whole serial before it; ALG is
 *       {@code gs1-mod10}, {@code luhn}, {@code mod37-36} or {@code vin-mod11}.
 * </ul>
 */
public final class SerialTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  private static final String MONTHS = "ABCDEFGHJKLM";

  private final String source;
  private final List<Segment> segments;

  private SerialTemplate(String source, List<Segment> segments) {
    this.source = source;
    this.segments = List.copyOf(segments);
  }

  /** Compiles a template; errors name the placeholder and its offset in the template. */
  public static SerialTemplate parse(String template) {
    List<Segment> segments = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        segments.add(Segment.literal(template.substring(last, m.start())));
      }
      try {
        segments.add(Segment.placeholder(m.group(1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "serial template " + template + " at offset " + m.start() + ": " + e.getMessage(), e);
      }
      last = m.end();
    }
    if (last < template.length()) {
      segments.add(Segment.literal(template.substring(last)));
    }
    check(template, segments);
    return new SerialTemplate(template, segments);
  }

  private static void check(String template, List<Segment> segments) {
    long seqs = segments.stream().filter(s -> s.kind() == Segment.Kind.SEQ).count();
    if (seqs > 1) {
      throw new IllegalArgumentException(
          "serial template " + template + " has " + seqs + " sequences, allows one");
    }
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      String problem = s.kind() == Segment.Kind.LITERAL ? SerialCharset.problem(s.text()) : null;
      if (problem != null) {
        throw new IllegalArgumentException(
            "serial template " + template + ": literal text '" + s.text() + "': " + problem);
      }
      if (s.kind() == Segment.Kind.CHECK && i != segments.size() - 1) {
        throw new IllegalArgumentException(
            "serial template " + template + ": {" + s.text() + "} must be last");
      }
      if (s.variable()
          && i + 1 < segments.size()
          && segments.get(i + 1).kind() != Segment.Kind.LITERAL
          && segments.subList(i + 1, segments.size()).stream().anyMatch(Segment::variable)) {
        throw new IllegalArgumentException(
            "serial template "
                + template
                + ": {"
                + s.text()
                + "} has no width and is not followed by literal"
                + " text, so a serial cannot be read back; give it one, e.g. {"
                + s.text()
                + ":3}");
      }
    }
  }

  /** The next serial for {@code sequence} in this context. */
  public String format(SerialContext ctx, long sequence) {
    StringBuilder sb = new StringBuilder();
    LocalDate d = ctx.date();
    for (Segment s : segments) {
      switch (s.kind()) {
        case LITERAL -> sb.append(s.text());
        case SITE -> sb.append(code(s, ctx.site()));
        case LINE -> sb.append(code(s, ctx.line()));
        case STATION -> sb.append(code(s, ctx.station()));
        case SHIFT -> sb.append(code(s, ctx.shift()));
        case YY -> sb.append(pad(d.getYear() % 100, 2));
        case YYYY -> sb.append(pad(d.getYear(), 4));
        case DDD -> sb.append(pad(d.getDayOfYear(), 3));
        case YYDDD -> sb.append(pad(d.getYear() % 100, 2)).append(pad(d.getDayOfYear(), 3));
        case WW -> sb.append(pad(d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2));
        case YYWW ->
            sb.append(pad(d.get(IsoFields.WEEK_BASED_YEAR) % 100, 2))
                .append(pad(d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2));
        case MONTH -> sb.append(MONTHS.charAt(d.getMonthValue() - 1));
        case MM -> sb.append(pad(d.getMonthValue(), 2));
        case DD -> sb.append(pad(d.getDayOfMonth(), 2));
        case SEQ -> sb.append(sequence(s, sequence));
        case CHECK -> sb.append(s.check().compute(sb.toString()));
      }
    }
    return sb.toString();
  }

  private String code(Segment s, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "template " + source + ": {" + s.text() + "} has no value in the context");
    }
    if (!s.variable() && value.length() != s.width()) {
      throw new IllegalArgumentException(
          "template "
              + source
              + ": {"
              + s.text()
              + "} needs "
              + s.width()
              + " characters, got '"
              + value
              + "'");
    }
    return value;
  }

  private String sequence(Segment s, long sequence) {
    String text = Long.toString(sequence, s.radix()).toUpperCase(java.util.Locale.ROOT);
    if (sequence < 0 || text.length() > s.width()) {
      throw new IllegalArgumentException(
          "template "
              + source
              + ": sequence "
              + sequence
              + " does not fit {"
              + s.text()
              + "} (0 to "
              + Long.toString((long) Math.pow(s.radix(), s.width()) - 1, s.radix())
                  .toUpperCase(java.util.Locale.ROOT)
              + ")");
    }
    return "0".repeat(s.width() - text.length()) + text;
  }

  private static String pad(int n, int width) {
    String s = Integer.toString(n);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }

  /**
   * Reads a serial back into its segments (named apart from the static {@link #parse} that compiles
   * templates); throws with the offset of the first fault.
   */
  public ParsedSerial parseSerial(String serial) {
    return new SerialReader(source, segments, serial).read();
  }

  /** Empty when {@code serial} fits this template, else what is wrong and where. */
  public Optional<String> validate(String serial) {
    try {
      parseSerial(serial);
      return Optional.empty();
    } catch (InvalidSerialException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The period the sequence counts in: {@code 2026-332} (daily), {@code 2026-332-B} (shift), {@code
   * 2026-W48} (weekly), {@code 2026-11} (monthly), {@code 2026} (yearly), "" (never).
   */
  public String periodKey(SerialContext ctx) {
    LocalDate d = ctx.date();
    Segment.Reset reset =
        segments.stream()
            .filter(s -> s.kind() == Segment.Kind.SEQ)
            .map(Segment::reset)
            .findFirst()
            .orElse(Segment.Reset.NEVER);
    return switch (reset) {
      case NEVER -> "";
      case DAILY -> d.getYear() + "-" + pad(d.getDayOfYear(), 3);
      case SHIFT -> d.getYear() + "-" + pad(d.getDayOfYear(), 3) + "-" + ctx.shift();
      case WEEKLY ->
          d.get(IsoFields.WEEK_BASED_YEAR)
              + "-W"
              + pad(d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
      case MONTHLY -> d.getYear() + "-" + pad(d.getMonthValue(), 2);
      case YEARLY -> Integer.toString(d.getYear());
    };
  }

  @Override
  public String toString() {
    return source;
  }
}
