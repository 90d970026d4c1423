package org.unitrace.line.opcua;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;

/** Turns a failed Milo connect into an exception that says what to change, and where. */
final class ConnectFailure {

  private static final Set<Long> USER_REFUSED =
      Set.of(
          StatusCodes.Bad_UserAccessDenied,
          StatusCodes.Bad_IdentityTokenInvalid,
          StatusCodes.Bad_IdentityTokenRejected);

  private static final Set<Long> AGENT_REFUSED =
      Set.of(
          StatusCodes.Bad_SecurityChecksFailed,
          StatusCodes.Bad_CertificateUntrusted,
          StatusCodes.Bad_CertificateInvalid,
          StatusCodes.Bad_CertificateUriInvalid);

  private ConnectFailure() {}

  /**
   * The OPC UA status code a failed step carries in its causes; when it carries none, {@code
   * Bad_Timeout} for a timeout, else {@code otherwise}.
   */
  static long status(Exception failure, long otherwise) {
    return UaException.extractStatusCode(failure)
        .map(code -> code.value())
        .orElse(failure instanceof TimeoutException ? StatusCodes.Bad_Timeout : otherwise);
  }

  static OpcUaConnectException explain(
      String endpointUrl,
      OpcUaSecurity security,
      AgentCertificate agent,
      ServerCertificateCheck serverCheck,
      Exception failure) {
    Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
    Optional<ServerCertificateCheck.Refusal> refusal = serverCheck.lastRefusal();
    if (refusal.isPresent()) {
      return serverRefused(endpointUrl, serverCheck.trustList(), refusal.get(), cause);
    }
    long status = status(failure, StatusCodes.Bad_UnexpectedError);
    String name = OpcUaConnectException.statusName(status);
    String advice;
    if (USER_REFUSED.contains(status) && security.user() != null) {
      advice =
          "the server refused user '"
              + security.user().username()
              + "': check "
              + security.key("user.username")
              + " and "
              + security.key("user.password");
    } else if (AGENT_REFUSED.contains(status)) {
      advice =
          "if the server does not trust the agent yet, add the agent certificate "
              + agentCertificateFile(security, agent)
              + " (thumbprint "
              + agent.thumbprint()
              + ") to the server's trusted certificates";
    } else {
      advice = Optional.ofNullable(cause.getMessage()).orElse(cause.toString());
    }
    return new OpcUaConnectException(
        endpointUrl,
        status,
        "cannot connect to OPC UA server "
            + endpointUrl
            + " with "
            + security.policyAndMode()
            + " ("
            + name
            + "): "
            + advice,
        cause);
  }

  private static OpcUaConnectException serverRefused(
      String endpointUrl,
      TrustListFolder trustList,
      ServerCertificateCheck.Refusal refusal,
      Throwable cause) {
    X509Certificate certificate = refusal.certificate();
    String thumbprint = Thumbprint.of(certificate);
    String subject = Thumbprint.subjectOf(certificate);
    if (refusal.untrusted()) {
      Path rejected =
          trustList
              .rejectedFileOf(certificate)
              .orElse(trustList.rejected().resolve("<the file for thumbprint " + thumbprint + ">"));
      return new UntrustedServerException(
          endpointUrl,
          refusal.statusCode(),
          thumbprint,
          subject,
          rejected,
          trustList.trustedCerts(),
          cause);
    }
    return new OpcUaConnectException(
        endpointUrl,
        refusal.statusCode(),
        "OPC UA server "
            + endpointUrl
            + " presented a certificate the agent refuses ("
            + OpcUaConnectException.statusName(refusal.statusCode())
            + "): "
            + subject
            + ", thumbprint "
            + thumbprint,
        cause);
  }

  private static String agentCertificateFile(OpcUaSecurity security, AgentCertificate agent) {
    var own = OwnKeystore.in(security.pkiDir());
    return agent.keystore().equals(own.keystore())
        ? own.certificate().toString()
        : "in " + agent.keystore();
  }
}
