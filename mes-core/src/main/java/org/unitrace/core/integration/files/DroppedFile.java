package org.unitrace.core.integration.files;

import java.time.Instant;

/**
 * A finished file as a flow found it: its flow, its source ({@code folder:/path} or {@code
 * sftp://user@host:port/dir}), its name, size, modification time and bytes.
 */
record DroppedFile(
    String flow, String source, String name, long size, Instant modified, byte[] content) {}
