package org.unitrace.line.opcua;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;

/**
 * Opens a secured, authenticated Milo client to a PLC: the agent's own certificate, the server's
 * certificate checked against the trust list folder, the endpoint chosen by the configured policy
 * and mode. The one place that knows how security is wired; adapters get a connected client.
 */
public final class OpcUaConnector {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String PRODUCT_URI = "urn:unitrace:edge-agent";

  private OpcUaConnector() {}

  /**
   * Connects, or fails with what to do about it: {@link UntrustedServerException} when the server's
   * certificate is not trusted yet, an {@link OpcUaConnectException} naming the endpoints the
   * server offers, the refused user, or the OPC UA status otherwise. A failed client is shut down
   * (Milo would otherwise keep reconnecting in the background).
   */
  public static OpcUaClient connect(String endpointUrl, OpcUaSecurity security)
      throws OpcUaConnectException {
    AgentCertificate agent = AgentCertificate.loadOrCreate(security);
    var serverCheck = new ServerCertificateCheck(TrustListFolder.create(security.pkiDir()));
    EndpointDescription endpoint =
        EndpointChoice.select(endpointUrl, endpoints(endpointUrl), security);
    OpcUaClient client;
    try {
      client = OpcUaClient.create(config(endpoint, security, agent, serverCheck));
    } catch (UaException e) {
      throw new OpcUaConnectException(
          endpointUrl,
          e.getStatusCode().value(),
          "cannot configure an OPC UA client for " + endpointUrl + ": " + e.getMessage(),
          e);
    }
    try {
      client.connectAsync().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return client;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.disconnectAsync();
      throw new OpcUaConnectException(endpointUrl, StatusCodes.Bad_Shutdown, "interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      client.disconnectAsync();
      throw ConnectFailure.explain(endpointUrl, security, agent, serverCheck, e);
    }
  }

  private static List<EndpointDescription> endpoints(String endpointUrl)
      throws OpcUaConnectException {
    try {
      return DiscoveryClient.getEndpoints(endpointUrl)
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpcUaConnectException(endpointUrl, StatusCodes.Bad_Shutdown, "interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      long status = ConnectFailure.status(e, StatusCodes.Bad_CommunicationError);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new OpcUaConnectException(
          endpointUrl,
          status,
          "cannot read the endpoints of OPC UA server "
              + endpointUrl
              + " ("
              + OpcUaConnectException.statusName(status)
              + "): "
              + Optional.ofNullable(cause.getMessage()).orElse(cause.toString()),
          cause);
    }
  }

  private static OpcUaClientConfig config(
      EndpointDescription endpoint,
      OpcUaSecurity security,
      AgentCertificate agent,
      ServerCertificateCheck serverCheck) {
    return OpcUaClientConfig.builder()
        .setEndpoint(endpoint)
        .setApplicationUri(security.applicationUri())
        .setApplicationName(LocalizedText.english(security.applicationName()))
        .setProductUri(PRODUCT_URI)
        .setKeyPair(agent.keyPair())
        .setCertificate(agent.certificate())
        .setCertificateChain(agent.chain())
        .setCertificateValidator(serverCheck)
        .setIdentityProvider(identity(security, serverCheck))
        .build();
  }

  /**
   * With a username, the password is encrypted for the server's certificate; on a None endpoint
   * Milo checks that certificate only with the validator given here (its default trusts all).
   */
  private static IdentityProvider identity(
      OpcUaSecurity security, ServerCertificateCheck serverCheck) {
    OpcUaSecurity.User user = security.user();
    return user == null
        ? new AnonymousProvider()
        : new UsernameProvider(user.username(), user.password(), serverCheck);
  }
}
