package org.unitrace.core.serial;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unitrace.line.serialno.SerialTemplate;

/** How many numbers a template's sequence placeholder can hold: 10^N or 36^N. */
final class SequenceWidth {

  private static final Pattern SEQ = Pattern.compile("\\{seq(36)?:(\\d+)[^}]*}");

  private SequenceWidth() {}

  /** The count of numbers of the template's sequence; the template is checked by parsing it. */
  static long capacity(String template) {
    SerialTemplate.parse(template);
    Matcher m = SEQ.matcher(template);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "serial template " + template + " has no {seq:N} placeholder, so it has no blocks");
    }
    int radix = m.group(1) == null ? 10 : 36;
    int width = Integer.parseInt(m.group(2));
    long capacity = 1;
    for (int i = 0; i < width; i++) {
      if (capacity > Long.MAX_VALUE / radix) {
        return Long.MAX_VALUE;
      }
      capacity *= radix;
    }
    return capacity;
  }
}
