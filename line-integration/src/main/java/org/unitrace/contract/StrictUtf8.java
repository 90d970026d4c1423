package org.unitrace.contract;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * UTF-8 read strictly: an overlong form (e.g. {@code C0 AF} for '/'), an encoded surrogate, a code
 * point beyond U+10FFFF or a truncated sequence is an error naming its byte offset, never decoded
 * or replaced. Jackson's byte parser decodes UTF-8 by itself and accepts overlong forms, so bytes
 * from the wire go through here before they are parsed.
 */
public final class StrictUtf8 {

  private StrictUtf8() {}

  /** Thrown for bytes that are not UTF-8; the message says where and which bytes. */
  public static final class MalformedException extends IllegalArgumentException {
    private final int offset;

    MalformedException(int offset, String message) {
      super(message);
      this.offset = offset;
    }

    /** The offset of the first byte of the bad sequence. */
    public int offset() {
      return offset;
    }
  }

  /** The text in {@code bytes}, or a {@link MalformedException} naming the first bad sequence. */
  public static String decode(byte[] bytes) {
    CharBuffer out = CharBuffer.allocate(bytes.length);
    run(bytes, out, false);
    return out.flip().toString();
  }

  /** Checks {@code bytes} without keeping the text (a large body costs a small buffer only). */
  public static void check(byte[] bytes) {
    run(bytes, CharBuffer.allocate(Math.min(bytes.length, 8192) + 2), true);
  }

  private static void run(byte[] bytes, CharBuffer out, boolean discard) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        throw malformed(bytes, in.position(), result.length());
      }
      if (result.isOverflow() && discard) {
        out.clear();
        continue;
      }
      if (result.isUnderflow()) {
        break;
      }
      throw new IllegalStateException("UTF-8 decoding overflowed a buffer sized for it");
    }
    decoder.flush(out);
  }

  private static MalformedException malformed(byte[] bytes, int at, int length) {
    int end = Math.min(bytes.length, at + Math.max(length, 1));
    return new MalformedException(
        at,
        "not UTF-8: byte%s %s at offset %d (an overlong, surrogate or truncated sequence)"
            .formatted(
                end - at > 1 ? "s" : "",
                HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes, at, end),
                at));
  }
}
