package org.unitrace.core.integration.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a flow's files come from, as Camel endpoint URIs: a folder ({@code file:}) or an SFTP
 * directory ({@code sftp:}), with the same rules for both. A file is taken only when finished:
 * unchanged in size and time for {@code min-age} ({@code readLock=changed}, which both components
 * implement), or, with {@code done-marker}, once its {@code <name>.done} marker exists.
 */
record FileSource(
    String kind,
    String id,
    String base,
    String connection,
    String include,
    boolean doneMarker,
    Duration minAge,
    Duration pollInterval) {

  static FileSource folder(String folder, FilesProperties.Flow flow) {
    String path = Path.of(folder).toAbsolutePath().normalize().toString();
    return new FileSource(
        "folder",
        "folder:" + path,
        "file:" + path,
        "",
        flow.include(),
        flow.doneMarker(),
        flow.minAge(),
        flow.pollInterval());
  }

  static FileSource sftp(FilesProperties.Sftp sftp, FilesProperties.Flow flow) {
    String dir = sftp.directory() == null ? "" : sftp.directory().strip();
    List<String> options = new ArrayList<>();
    options.add("username=RAW(" + sftp.username() + ")");
    if (sftp.password() != null && !sftp.password().isEmpty()) {
      options.add("password=RAW(" + sftp.password() + ")");
    }
    if (sftp.privateKeyFile() != null && !sftp.privateKeyFile().isBlank()) {
      options.add("privateKeyFile=RAW(" + sftp.privateKeyFile().strip() + ")");
    }
    if (sftp.knownHostsFile() != null && !sftp.knownHostsFile().isBlank()) {
      options.add("knownHostsFile=RAW(" + sftp.knownHostsFile().strip() + ")");
      options.add("strictHostKeyChecking=yes");
    } else {
      options.add("strictHostKeyChecking=no");
    }
    options.add("useUserKnownHostsFile=false");
    options.add("connectTimeout=" + sftp.connectTimeout().toMillis());
    options.add("stepwise=false");
    String hostPort = sftp.host().strip() + ":" + sftp.port();
    return new FileSource(
        "sftp",
        "sftp://" + sftp.username() + "@" + hostPort + "/" + dir,
        "sftp://" + hostPort + "/" + dir,
        String.join("&", options),
        flow.include(),
        flow.doneMarker(),
        flow.minAge(),
        flow.pollInterval());
  }

  /** The consumer: finished files only, through {@code filter}, moved to {@code move} after. */
  String consumerUri(String filter, String move) {
    long minAgeMs = minAge.toMillis();
    long checkMs = Math.max(500, Math.min(minAgeMs / 2, 5_000));
    List<String> options = new ArrayList<>();
    if (!connection.isEmpty()) {
      options.add(connection);
    }
    options.add("include=RAW(" + include + ")");
    options.add("filter=" + filter);
    options.add("delay=" + pollInterval.toMillis());
    options.add("initialDelay=1000");
    options.add("move=" + move);
    options.add("readLockLoggingLevel=INFO");
    if (doneMarker) {
      options.add("doneFileName=${file:name}.done");
      options.add("readLock=none");
    } else {
      options.add("readLock=changed");
      options.add("readLockMinAge=" + minAgeMs);
      options.add("readLockCheckInterval=" + checkMs);
      options.add("readLockTimeout=" + (minAgeMs + 4 * checkMs + 10_000));
    }
    return base + "?" + String.join("&", options);
  }

  /** The producer that writes an error report at {@code fileName}, relative to the directory. */
  String reportUri(String fileName) {
    List<String> options = new ArrayList<>();
    if (!connection.isEmpty()) {
      options.add(connection);
    }
    options.add("fileName=" + fileName);
    options.add("charset=UTF-8");
    options.add("fileExist=Override");
    return base + "?" + String.join("&", options);
  }
}
