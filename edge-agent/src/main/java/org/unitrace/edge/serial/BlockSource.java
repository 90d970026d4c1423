package org.unitrace.edge.serial;

/** Where blocks come from: mes-core's {@code POST /api/serial-blocks}. */
public interface BlockSource {

  /**
   * A new block of {@code count} numbers of {@code template} in {@code period}; throws when the
   * core cannot be reached or refuses.
   */
  Block take(String template, String period, long count);
}
