package org.unitrace.core.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.unitrace.contract.EventRejectedException;

/**
 * Text PostgreSQL cannot store: the NUL character (U+0000), in {@code text} and {@code jsonb}
 * alike, and half a UTF-16 surrogate pair, which is no character at all. An event holding either,
 * in any string value or field name, is refused here with the path of the field and our own words,
 * rather than failing in the database with its error text. Most events hold neither, and a cheap
 * byte scan lets them through without a second parse.
 */
final class StorableText {

  private static final JsonFactory JSON = new JsonFactory();

  private StorableText() {}

  /** Refuses {@code raw} (an event's JSON) when a string in it cannot be stored. */
  static void check(byte[] raw) {
    if (!suspicious(raw)) {
      return;
    }
    try (JsonParser parser = JSON.createParser(raw)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
          String problem = problem(parser.getText());
          if (problem != null) {
            throw new EventRejectedException(
                path(parser.getParsingContext().pathAsPointer()),
                (token == JsonToken.FIELD_NAME ? "a field name " : "the value ") + problem);
          }
        }
      }
    } catch (IOException notJson) {
      // not JSON: the decoder says what is wrong with it
    }
  }

  /** What makes {@code text} unstorable, or null when it is fine. */
  static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "contains the NUL character (U+0000) at character %d, which cannot be stored"
            .formatted(i);
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
        return lone(c, i);
      }
      if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        return lone(c, i);
      }
    }
    return null;
  }

  /** {@code text} with NUL and lone surrogates written as {@code \\uXXXX}: safe to store. */
  static String printable(String text) {
    if (text == null || problem(text) == null) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < text.length()
                  && Character.isLowSurrogate(text.charAt(i + 1))
              || Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(text.charAt(i - 1));
      if (c == 0 || Character.isSurrogate(c) && !paired) {
        out.append("\\u%04X".formatted((int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String lone(char c, int at) {
    return ("contains half a UTF-16 surrogate pair (\\u%04X) at character %d, which is no"
            + " character and cannot be stored")
        .formatted((int) c, at);
  }

  /**
   * Whether {@code raw} may hold NUL or a lone surrogate at all: only through a {@code \\u} escape,
   * a NUL byte, or a UTF-8-encoded surrogate (0xED followed by 0xA0 to 0xBF).
   */
  private static boolean suspicious(byte[] raw) {
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == 0
          || b == '\\' && i + 1 < raw.length && raw[i + 1] == 'u'
          || b == (byte) 0xED && i + 1 < raw.length && (raw[i + 1] & 0xFF) >= 0xA0) {
        return true;
      }
    }
    return false;
  }

  /** {@code /payload/values/0} as {@code $.payload.values[0]}. */
  private static String path(JsonPointer pointer) {
    StringBuilder path = new StringBuilder("$");
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      if (p.getMatchingIndex() >= 0) {
        path.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        path.append('.').append(printable(p.getMatchingProperty()));
      }
    }
    return path.toString();
  }
}
