package org.unitrace.edge.outbox;

import java.security.SecureRandom;
import java.util.UUID;

/** RFC 9562 version 7 UUIDs: time-ordered, so event ids index well in the core's tables. */
final class UuidV7 {

  private static final SecureRandom RANDOM = new SecureRandom();

  private UuidV7() {}

  static UUID next(long epochMillis) {
    long high = (epochMillis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
    long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
