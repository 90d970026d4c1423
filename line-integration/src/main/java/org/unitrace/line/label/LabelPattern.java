package org.unitrace.line.label;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A supplier's non-GS1 label layout. The regular expression must match the whole scanned data and
 * may name the groups {@code part}, {@code serial}, {@code lot}, {@code supplier} and {@code qty}
 * (any subset); a {@code part} group overrides {@code partNumber}.
 *
 * @param partNumber the part this layout is for; may be null when the regex captures {@code part}
 */
public record LabelPattern(String partNumber, Pattern regex) {

  static final List<String> GROUPS = List.of("part", "serial", "lot", "supplier", "qty");

  public LabelPattern {
    if (regex == null) {
      throw new IllegalArgumentException("label pattern for part " + partNumber + " needs a regex");
    }
    if (partNumber == null && !regex.pattern().contains("(?<part>")) {
      throw new IllegalArgumentException(
          "label pattern " + regex.pattern() + " needs a part number or a (?<part>...) group");
    }
  }

  public static LabelPattern of(String partNumber, String regex) {
    return new LabelPattern(partNumber, Pattern.compile(regex));
  }
}
