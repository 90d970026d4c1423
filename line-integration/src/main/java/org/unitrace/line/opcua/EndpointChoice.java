package org.unitrace.line.opcua;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/** Picks the server endpoint that matches the configured policy, mode and identity. */
final class EndpointChoice {

  private EndpointChoice() {}

  static SecurityPolicy miloPolicy(OpcUaSecurity.Policy policy) {
    return switch (policy) {
      case NONE -> SecurityPolicy.None;
      case BASIC256_SHA256 -> SecurityPolicy.Basic256Sha256;
    };
  }

  static MessageSecurityMode miloMode(OpcUaSecurity.Mode mode) {
    return switch (mode) {
      case NONE -> MessageSecurityMode.None;
      case SIGN -> MessageSecurityMode.Sign;
      case SIGN_AND_ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
    };
  }

  /**
   * The matching endpoint, its address replaced by the configured one: PLCs often advertise a
   * hostname the agent cannot resolve.
   */
  static EndpointDescription select(
      String endpointUrl, List<EndpointDescription> endpoints, OpcUaSecurity security)
      throws OpcUaConnectException {
    String policyUri = miloPolicy(security.securityPolicy()).getUri();
    MessageSecurityMode mode = miloMode(security.messageSecurityMode());
    UserTokenType tokenType =
        security.user() == null ? UserTokenType.Anonymous : UserTokenType.UserName;
    EndpointDescription chosen =
        endpoints.stream()
            .filter(e -> policyUri.equals(e.getSecurityPolicyUri()))
            .filter(e -> e.getSecurityMode() == mode)
            .filter(e -> tokenTypes(e).contains(tokenType))
            .findFirst()
            .orElseThrow(() -> noMatch(endpointUrl, endpoints, security, tokenType));
    return EndpointUtil.updateUrl(
        chosen, EndpointUtil.getHost(endpointUrl), EndpointUtil.getPort(endpointUrl));
  }

  private static OpcUaConnectException noMatch(
      String endpointUrl,
      List<EndpointDescription> endpoints,
      OpcUaSecurity security,
      UserTokenType tokenType) {
    String offers =
        endpoints.stream()
            .map(EndpointChoice::describe)
            .distinct()
            .collect(Collectors.joining(", "));
    return new OpcUaConnectException(
        endpointUrl,
        StatusCodes.Bad_SecurityPolicyRejected,
        "OPC UA server "
            + endpointUrl
            + " offers no endpoint with security "
            + security.policyAndMode()
            + " and "
            + tokenType
            + " identity ("
            + security.key("securityPolicy")
            + ", "
            + security.key("messageSecurityMode")
            + ", "
            + security.key("user")
            + "); it offers: "
            + (offers.isEmpty() ? "nothing" : offers),
        null);
  }

  /** {@code Basic256Sha256/SignAndEncrypt [Anonymous, UserName]}. */
  static String describe(EndpointDescription endpoint) {
    String policyUri = Objects.requireNonNullElse(endpoint.getSecurityPolicyUri(), "?");
    String policy = policyUri.substring(policyUri.lastIndexOf('#') + 1);
    return policy + "/" + endpoint.getSecurityMode() + " " + tokenTypes(endpoint);
  }

  private static List<UserTokenType> tokenTypes(EndpointDescription endpoint) {
    UserTokenPolicy[] policies =
        Objects.requireNonNullElse(endpoint.getUserIdentityTokens(), new UserTokenPolicy[0]);
    return Arrays.stream(policies).map(UserTokenPolicy::getTokenType).distinct().toList();
  }
}
