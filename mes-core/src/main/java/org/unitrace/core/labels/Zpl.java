package org.unitrace.core.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ZPL II text read as its commands. Each command starts with {@code ^} (format) or {@code ~}
 * (control) and runs to the next one; its name is two letters, except {@code ^A} whose font name
 * follows directly. Line breaks are not part of a command (printers ignore them).
 */
final class Zpl {

  private Zpl() {}

  /**
   * One command; {@code start}/{@code end} its offsets in the text, {@code paramsStart} where its
   * parameters (or field data) begin, {@code line} the line it starts on (1-based).
   */
  record Command(
      char prefix, String name, String params, int line, int start, int paramsStart, int end) {

    /** The comma-separated parameters, blank ones as empty strings. */
    List<String> args() {
      return Arrays.asList(params.split(",", -1));
    }

    /** Parameter {@code i} (0-based), or {@code otherwise} where absent or blank. */
    String arg(int i, String otherwise) {
      List<String> args = args();
      return i < args.size() && !args.get(i).isBlank() ? args.get(i).strip() : otherwise;
    }

    int intArg(int i, int otherwise) {
      String value = arg(i, null);
      if (value == null) {
        return otherwise;
      }
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new ZplException(
            line, "%s%s parameter %d is '%s', not a number".formatted(prefix, name, i + 1, value));
      }
    }

    @Override
    public String toString() {
      return prefix + name;
    }
  }

  static List<Command> parse(String text) {
    List<Command> commands = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = text.length();
    while (i < n && text.charAt(i) != '^' && text.charAt(i) != '~') {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
      } else if (!Character.isWhitespace(c)) {
        throw new ZplException(line, "text before the first command: '%s'".formatted(c));
      }
      i++;
    }
    while (i < n) {
      int start = i;
      int startLine = line;
      char prefix = text.charAt(i++);
      String name;
      if (i < n && Character.toUpperCase(text.charAt(i)) == 'A' && prefix == '^') {
        name = "A";
        i++;
      } else if (i + 2 <= n) {
        name = text.substring(i, i + 2).toUpperCase();
        i += 2;
      } else {
        throw new ZplException(line, "'%s' at the end is not a command".formatted(prefix));
      }
      int paramsStart = i;
      StringBuilder params = new StringBuilder();
      while (i < n && text.charAt(i) != '^' && text.charAt(i) != '~') {
        char c = text.charAt(i++);
        if (c == '\n') {
          line++;
        } else if (c != '\r') {
          params.append(c);
        }
      }
      String p =
          name.equals("FD") || name.equals("FX") ? params.toString() : params.toString().strip();
      commands.add(new Command(prefix, name, p, startLine, start, paramsStart, i));
    }
    return commands;
  }
}
