package org.unitrace.line.opcua;

import java.nio.file.Path;

/**
 * The server's certificate is not in the agent's trust list, so the agent refused to talk to it.
 * The message tells the operator which file to copy where; after comparing the thumbprint with the
 * one the PLC shows, copying it is all it takes (no restart). {@link #statusCode()} is what Milo
 * reported: {@code Bad_SecurityChecksFailed} for a self-signed certificate in Milo 1.0.8.
 */
public final class UntrustedServerException extends OpcUaConnectException {

  private final String thumbprint;
  private final String subject;
  private final Path rejectedFile;
  private final Path trustedDir;

  UntrustedServerException(
      String endpointUrl,
      long statusCode,
      String thumbprint,
      String subject,
      Path rejectedFile,
      Path trustedDir,
      Throwable cause) {
    super(
        endpointUrl,
        statusCode,
        "OPC UA server "
            + endpointUrl
            + " is not trusted: its certificate "
            + subject
            + " (thumbprint "
            + thumbprint
            + ") is not in "
            + trustedDir
            + ". If the PLC shows the same thumbprint, copy "
            + rejectedFile
            + " to "
            + trustedDir
            + "/ to trust it.",
        cause);
    this.thumbprint = thumbprint;
    this.subject = subject;
    this.rejectedFile = rejectedFile;
    this.trustedDir = trustedDir;
  }

  /** SHA-1 thumbprint of the server's certificate, in hex. */
  public String thumbprint() {
    return thumbprint;
  }

  public String subject() {
    return subject;
  }

  /** Where the refused certificate was saved. */
  public Path rejectedFile() {
    return rejectedFile;
  }

  /** Where it must go to be trusted. */
  public Path trustedDir() {
    return trustedDir;
  }
}
