package org.unitrace.core.ingest;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A dead letter as listed: why it was refused, what is known of it, how many raw bytes were kept,
 * and a short preview of them that is safe to show. The raw bytes themselves are fetched one dead
 * letter at a time ({@code GET /api/dead-letters/{id}/payload}). Text fields are cut at a fixed
 * length (ending in "…"), so a row weighs at most a few kilobytes whatever was sent.
 */
record DeadLetterView(
    long id,
    OffsetDateTime receivedAt,
    String source,
    String topic,
    String reason,
    String path,
    UUID eventId,
    String agentId,
    long payloadBytes,
    String preview) {

  static final int TOPIC_CHARS = 300;
  static final int REASON_CHARS = 1000;
  static final int PATH_CHARS = 300;
  static final int AGENT_CHARS = 200;
  static final int PREVIEW_BYTES = 200;

  private static final char REPLACEMENT = '\uFFFD';

  /** The text cut to {@code max} characters plus "…" when longer; a surrogate pair stays whole. */
  static String clip(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
  }

  /**
   * The first bytes of a payload as text: UTF-8, a sequence cut by the end of the preview dropped,
   * and anything that could mislead a reader or a terminal (control characters, bidirectional and
   * other invisible format characters, bytes that are not UTF-8) shown as U+FFFD.
   */
  static String preview(byte[] head, long payloadBytes) {
    int length = head.length;
    if (payloadBytes > length) {
      length = withoutCutSequence(head, length);
    }
    String text = new String(head, 0, length, StandardCharsets.UTF_8);
    StringBuilder safe = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              int type = Character.getType(cp);
              boolean hidden =
                  type == Character.CONTROL
                      || type == Character.FORMAT
                      || type == Character.SURROGATE
                      || type == Character.UNASSIGNED
                      || type == Character.PRIVATE_USE;
              if (hidden) {
                safe.append(REPLACEMENT);
              } else {
                safe.appendCodePoint(cp);
              }
            });
    return safe.toString();
  }

  /** The length without a trailing multi-byte sequence whose end lies past the preview. */
  private static int withoutCutSequence(byte[] b, int length) {
    int start = length - 1;
    while (start >= 0 && length - start <= 3 && (b[start] & 0xC0) == 0x80) {
      start--; // continuation bytes
    }
    if (start < 0) {
      return length;
    }
    int lead = b[start] & 0xFF;
    int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return length - start < needed ? start : length;
  }
}
