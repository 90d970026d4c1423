package org.unitrace.line.opcua;

import org.eclipse.milo.opcua.stack.core.StatusCodes;

/**
 * A connection to an OPC UA server could not be made. The message says what to change; {@link
 * #statusCode()} keeps the OPC UA status code (for example {@code Bad_UserAccessDenied}).
 */
public class OpcUaConnectException extends Exception {

  private final String endpointUrl;
  private final long statusCode;

  public OpcUaConnectException(
      String endpointUrl, long statusCode, String message, Throwable cause) {
    super(message, cause);
    this.endpointUrl = endpointUrl;
    this.statusCode = statusCode;
  }

  public String endpointUrl() {
    return endpointUrl;
  }

  /** The OPC UA status code, as an unsigned 32-bit value. */
  public long statusCode() {
    return statusCode;
  }

  /** The status code's symbolic name, such as {@code Bad_CertificateUntrusted}. */
  public String statusName() {
    return statusName(statusCode);
  }

  static String statusName(long statusCode) {
    return StatusCodes.lookup(statusCode)
        .map(nameAndDescription -> nameAndDescription[0])
        .orElse(String.format("0x%08X", statusCode));
  }
}
