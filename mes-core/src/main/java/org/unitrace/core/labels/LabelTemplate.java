package org.unitrace.core.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label template: ZPL with {@code ${name}} placeholders in its field data. Checked whole when
 * loaded: every placeholder known for its kind, every placeholder inside a field that escapes it
 * ({@code ^FH}, or a {@code ^BX} escape character), and the label drawn once with sample values, so
 * a command the preview cannot draw is refused with its file and line before anything prints.
 */
record LabelTemplate(String source, LabelKind kind, String text, List<Slot> slots) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  /** Where a placeholder stands, and how its value is written there. */
  record Slot(
      int start, int end, String name, Character hex, Character dmEscape, boolean code128) {}

  /** Names of the placeholders it uses. */
  List<String> placeholders() {
    return slots.stream().map(Slot::name).distinct().toList();
  }

  static LabelTemplate load(String source, LabelKind kind, String text) {
    List<Slot> slots = new ArrayList<>();
    try {
      List<Zpl.Command> commands = Zpl.parse(text);
      Character hex = null;
      Zpl.Command barcode = null;
      for (Zpl.Command c : commands) {
        Matcher m = PLACEHOLDER.matcher(text).region(c.paramsStart(), c.end());
        while (m.find()) {
          String name = m.group(1);
          if (!kind.placeholders().contains(name)) {
            throw new ZplException(
                c.line(),
                "unknown placeholder ${%s}; a %s label knows ${%s}"
                    .formatted(name, kind.noun(), String.join("}, ${", kind.placeholders())));
          }
          if (!c.name().equals("FD")) {
            throw new ZplException(
                c.line(), "${%s} in %s: placeholders go in field data (^FD)".formatted(name, c));
          }
          Character dmEscape =
              barcode != null && barcode.name().equals("BX") && barcode.arg(6, null) != null
                  ? barcode.arg(6, null).charAt(0)
                  : null;
          if (dmEscape == null && hex == null) {
            throw new ZplException(
                c.line(),
                ("${%s} in a field without ^FH: put ^FH before ^FD, so that a ^ or ~ in the value"
                        + " cannot end the field")
                    .formatted(name));
          }
          if (dmEscape != null && hex != null) {
            throw new ZplException(
                c.line(),
                "^FH in a ^BX field with an escape character: leave ^FH out, the escape character"
                    + " already writes ^ and ~ of ${%s} safely".formatted(name));
          }
          if (name.equals("dataMatrix") && dmEscape == null) {
            throw new ZplException(
                c.line(),
                "${dataMatrix} carries the GS1 FNC1: it goes in a ^BX field with an escape"
                    + " character, e.g. ^BXN,6,200,,,,_");
          }
          slots.add(
              new Slot(
                  m.start(),
                  m.end(),
                  name,
                  hex,
                  dmEscape,
                  barcode != null && barcode.name().equals("BC")));
        }
        if (text.substring(c.paramsStart(), c.end())
            .replaceAll(PLACEHOLDER.pattern(), "")
            .contains("${")) {
          throw new ZplException(c.line(), "a '${' without its closing '}'");
        }
        switch (c.name()) {
          case "FH" -> hex = c.params().isEmpty() ? '_' : c.params().charAt(0);
          case "BX", "BC", "BQ" -> barcode = c;
          case "FS" -> {
            hex = null;
            barcode = null;
          }
          default -> {}
        }
      }
      LabelTemplate template = new LabelTemplate(source, kind, text, List.copyOf(slots));
      ZplPreview.draw(template.fill(kind.sample()));
      return template;
    } catch (ZplException e) {
      throw new TemplateException(source, e.line(), e.getMessage());
    }
  }

  /** The ZPL with each placeholder's value written in, escaped for its field; null as empty. */
  String fill(Map<String, String> values) {
    StringBuilder out = new StringBuilder(text.length() + 256);
    int at = 0;
    for (Slot s : slots) {
      out.append(text, at, s.start());
      String value = values.get(s.name());
      value = value == null ? "" : value;
      out.append(
          s.dmEscape() != null
              ? FieldData.dataMatrixEscaped(value, s.dmEscape())
              : FieldData.hexEscaped(value, s.hex(), s.code128()));
      at = s.end();
    }
    out.append(text, at, text.length());
    return out.toString();
  }
}
