package org.unitrace.core.integration.files;

import java.time.Duration;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Lets a flow's consumer see only the files this instance holds the lease on, so two mes-core
 * instances watching one folder or SFTP directory never take the same file at once. Directories
 * ({@code done/}, {@code error/}) are never taken.
 */
class LeaseFilter implements GenericFileFilter<Object> {

  private final FileLedger ledger;
  private final String flow;
  private final String source;
  private final String holder;
  private final Duration ttl;

  LeaseFilter(FileLedger ledger, String flow, String source, String holder, Duration ttl) {
    this.ledger = ledger;
    this.flow = flow;
    this.source = source;
    this.holder = holder;
    this.ttl = ttl;
  }

  @Override
  public boolean accept(GenericFile<Object> file) {
    return !file.isDirectory() && ledger.lease(flow, source, file.getFileName(), holder, ttl);
  }
}
