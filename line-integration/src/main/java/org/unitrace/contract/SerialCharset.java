package org.unitrace.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The characters a serial may have: GS1's CSET 82, the set of AI 21 (serial number) and AI 10
 * (batch/lot) in the GS1 General Specifications: {@code ! " % & ' ( ) * + , - . /}, the digits,
 * {@code : ; < = > ?}, {@code A-Z}, {@code _} and {@code a-z}. Everything else (space, {@code # $ @
 * [ \ ] ^ `{ | } ~}, control characters and every non-ASCII character, so fullwidth digits,
 * Cyrillic look-alikes, no-break and zero-width spaces) is refused, so one printed serial cannot
 * become two units. A serial of only {@code .} or {@code ..} is refused too: it could not be one
 * segment of a URL path. The length stays as the schema says (1 to 64); GS1 AI 21 carries at most
 * 20.
 */
public final class SerialCharset {

  /** The payload fields that carry a serial, whatever the event type. */
  static final List<String> SERIAL_FIELDS = List.of("serial", "unitSerial", "componentSerial");

  private SerialCharset() {}

  /** Whether {@code c} is one of the 82 characters. */
  public static boolean allows(int c) {
    return c == '!'
        || c == '"'
        || (c >= '%' && c <= '?')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || (c >= 'a' && c <= 'z');
  }

  /**
   * Null when {@code serial} is made of CSET 82 characters only, else what is wrong: the first
   * character outside it, by code point and offset.
   */
  public static String problem(String serial) {
    for (int i = 0; i < serial.length(); ) {
      int c = serial.codePointAt(i);
      if (!allows(c)) {
        String what = Character.isISOControl(c) ? "must not contain control characters: " : "";
        return (what
                + "character %s at offset %d is not allowed in a serial (GS1 CSET 82: A-Z a-z 0-9"
                + " and ! \" %% & ' ( ) * + , - . / : ; < = > ? _)")
            .formatted(describe(c), i);
      }
      i += Character.charCount(c);
    }
    if (serial.equals(".") || serial.equals("..")) {
      return "'" + serial + "' is not a serial (it cannot be one segment of a URL path)";
    }
    return null;
  }

  /** Checks the serial fields of an event's payload; the rejection names the field's path. */
  static void check(JsonNode payload) {
    if (payload == null || !payload.isObject()) {
      return;
    }
    for (String field : SERIAL_FIELDS) {
      JsonNode value = payload.get(field);
      if (value != null && value.isTextual()) {
        String problem = problem(value.textValue());
        if (problem != null) {
          throw new EventRejectedException("$.payload." + field, problem);
        }
      }
    }
  }

  private static String describe(int c) {
    String name = Character.getName(c);
    String code = "U+%04X".formatted(c);
    boolean printable =
        c > 0x20
            && c != 0x7F
            && !Character.isISOControl(c)
            && !Character.isWhitespace(c)
            && Character.getType(c) != Character.FORMAT
            && Character.getType(c) != Character.SURROGATE;
    return (printable ? "'" + new String(Character.toChars(c)) + "' " : "")
        + code
        + (name == null ? "" : " (" + name + ")");
  }
}
