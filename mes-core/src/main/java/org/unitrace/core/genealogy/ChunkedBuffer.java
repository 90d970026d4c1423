package org.unitrace.core.genealogy;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes held in fixed 64 KiB chunks until they are written on: a forward trace's megabytes of JSON
 * wait here while its transaction ends (so a slow client never holds a database connection), as
 * small arrays rather than one array of the whole answer grown and copied (the JVM allocates arrays
 * of half a heap region or more as humongous objects, outside the young generation).
 */
final class ChunkedBuffer extends OutputStream {

  private static final int CHUNK = 64 * 1024;

  private final List<byte[]> full = new ArrayList<>();
  private byte[] current = new byte[CHUNK];
  private int used;

  @Override
  public void write(int b) {
    if (used == CHUNK) {
      next();
    }
    current[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (used == CHUNK) {
        next();
      }
      int n = Math.min(len, CHUNK - used);
      System.arraycopy(b, off, current, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  private void next() {
    full.add(current);
    current = new byte[CHUNK];
    used = 0;
  }

  /** Writes everything held to {@code out}, in order. */
  void writeTo(OutputStream out) throws IOException {
    for (byte[] chunk : full) {
      out.write(chunk);
    }
    out.write(current, 0, used);
  }
}
