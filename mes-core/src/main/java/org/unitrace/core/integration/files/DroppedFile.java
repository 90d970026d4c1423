package org.unitrace.core.integration.files;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A finished file as a flow found it: its flow, its source ({@code folder:/path} or {@code
 * sftp://user@host:port/dir}), its name, size, modification time (to the millisecond, as folders
 * and SFTP servers report it, and as the ledger keeps it) and bytes.
 */
record DroppedFile(
    String flow, String source, String name, long size, Instant modified, byte[] content) {

  DroppedFile {
    modified = modified == null ? null : modified.truncatedTo(ChronoUnit.MILLIS);
  }
}
