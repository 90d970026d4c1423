package org.unitrace.core.integration.files;

import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Lets a flow's consumer see only the files this instance holds the lease on, so two mes-core
 * instances watching one folder or SFTP directory never take the same file at once. Directories
 * ({@code done/}, {@code error/}) and names the flow does not {@code include} are never taken, nor
 * leased.
 */
class LeaseFilter implements GenericFileFilter<Object> {

  private final FileLedger ledger;
  private final String flow;
  private final String source;
  private final String holder;
  private final Duration ttl;
  private final Pattern include;

  LeaseFilter(
      FileLedger ledger, String flow, String source, String holder, Duration ttl, String include) {
    this.ledger = ledger;
    this.flow = flow;
    this.source = source;
    this.holder = holder;
    this.ttl = ttl;
    this.include = Pattern.compile(include);
  }

  @Override
  public boolean accept(GenericFile<Object> file) {
    return !file.isDirectory()
        && include.matcher(file.getFileName()).matches()
        && ledger.lease(flow, source, file.getFileName(), holder, ttl);
  }
}
