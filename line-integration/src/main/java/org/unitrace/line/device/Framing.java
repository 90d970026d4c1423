package org.unitrace.line.device;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a frame ends on the wire. Devices pick one: most scanners end a read with CR or CR LF, many
 * markers and PLC-style protocols wrap a frame in STX ... ETX.
 */
public enum Framing {
  /** Frame ends with CR (0x0D). */
  CR("cr"),
  /** Frame ends with LF (0x0A). */
  LF("lf"),
  /** Frame ends with CR LF. */
  CRLF("crlf"),
  /** Frame starts with STX (0x02) and ends with ETX (0x03); bytes outside are line noise. */
  STX_ETX("stx-etx");

  static final char STX = 0x02;
  static final char ETX = 0x03;

  private final String key;

  Framing(String key) {
    this.key = key;
  }

  /** The name used in channel URIs ({@code framing=crlf}). */
  public String key() {
    return key;
  }

  /** Parses {@code cr}, {@code lf}, {@code crlf} or {@code stx-etx}, in any case. */
  public static Framing of(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Framing f : values()) {
      if (f.key.equals(k)) {
        return f;
      }
    }
    throw new IllegalArgumentException("framing '" + key + "' is not one of cr, lf, crlf, stx-etx");
  }

  /** The bytes of one frame on the wire. */
  public byte[] encode(String frame) {
    String wire =
        switch (this) {
          case CR -> frame + "\r";
          case LF -> frame + "\n";
          case CRLF -> frame + "\r\n";
          case STX_ETX -> STX + frame + ETX;
        };
    return wire.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A fresh decoder for one connection's byte stream. */
  public FrameDecoder decoder() {
    return new FrameDecoder(this, FrameDecoder.DEFAULT_MAX_FRAME);
  }
}
