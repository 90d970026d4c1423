package org.unitrace.core.integration.files;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.unitrace.core.system.Setting;

/**
 * The inbound file flows ({@code unitrace.integration.files}). {@code identity} is the name the
 * audit log gives every import a flow makes; {@code lease} how long other instances leave a file
 * alone once one has taken it (an instance that dies mid-file is replaced after that). Each entry
 * of {@code flows} is named after its import (lots, sales, shipments, products).
 */
@ConfigurationProperties("unitrace.integration.files")
record FilesProperties(
    @DefaultValue("erp-files") String identity,
    @DefaultValue("PT5M") Duration lease,
    Map<String, Flow> flows) {

  FilesProperties {
    flows = flows == null ? Map.of() : Map.copyOf(flows);
    if (identity == null || identity.isBlank()) {
      throw new IllegalArgumentException("unitrace.integration.files.identity must not be blank");
    }
    Setting.atLeast("unitrace.integration.files.lease", lease, Duration.ofSeconds(30));
  }

  /**
   * One flow: where its files come from (a {@code folder}, an {@code sftp} directory, or both),
   * which names it takes ({@code include}, a regular expression), how it knows a file is complete
   * ({@code min-age} without change, or a {@code <name>.done} marker when {@code done-marker}), how
   * often it looks, the files' {@code charset}, and the ERP's column names ({@code columns}: API
   * column to ERP column).
   */
  record Flow(
      @DefaultValue("false") boolean enabled,
      String folder,
      Sftp sftp,
      @DefaultValue("(?i).*\\.csv") String include,
      @DefaultValue("false") boolean doneMarker,
      @DefaultValue("PT10S") Duration minAge,
      @DefaultValue("PT10S") Duration pollInterval,
      @DefaultValue("UTF-8") Charset charset,
      Map<String, String> columns) {

    Flow {
      columns = columns == null ? Map.of() : Map.copyOf(columns);
      folder = folder == null || folder.isBlank() ? null : folder.strip();
      sftp = sftp == null || sftp.host() == null || sftp.host().isBlank() ? null : sftp;
    }
  }

  /**
   * An SFTP directory: {@code directory} is relative to the user's home, or absolute when it starts
   * with {@code /}. Give {@code known-hosts-file} to check the server's key (without it any key is
   * accepted); a {@code private-key-file} or a {@code password}.
   */
  record Sftp(
      String host,
      @DefaultValue("22") int port,
      String username,
      String password,
      String privateKeyFile,
      String knownHostsFile,
      @DefaultValue("") String directory,
      @DefaultValue("PT30S") Duration connectTimeout) {}
}
