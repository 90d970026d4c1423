package org.unitrace.line.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.line.opcua.OpcUaSecurity.Mode;
import org.unitrace.line.opcua.OpcUaSecurity.Policy;

class OpcUaConnectorIT {

  private static final String KEY = "stations[MARK].opcua";

  @TempDir Path dir;

  private Path agentPki;
  private OpcUaSecurity security;
  private TestOpcUaServer server;

  @BeforeEach
  void startServer() throws Exception {
    agentPki = dir.resolve("agent-pki");
    security = OpcUaSecurity.of(KEY, agentPki, "urn:unitrace:edge-agent:test");
    server = TestOpcUaServer.start(dir.resolve("server-pki"));
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  @Test
  void anUntrustedServerIsRefusedUntilItsRejectedCertificateIsCopiedToTrustedCerts()
      throws Exception {
    server.trust(AgentCertificate.loadOrCreate(security).certificate());

    var refused =
        catchThrowableOfType(
            UntrustedServerException.class,
            () -> OpcUaConnector.connect(server.endpointUrl(), security));

    Path trustedCerts = agentPki.resolve("trusted").resolve("certs");
    assertThat(refused.rejectedFile()).exists().hasParent(agentPki.resolve("rejected"));
    assertThat(refused.thumbprint()).isEqualTo(Thumbprint.of(server.certificate()));
    assertThat(refused.getMessage())
        .contains(server.endpointUrl())
        .contains(refused.thumbprint())
        .contains("CN=Test PLC")
        .contains("copy " + refused.rejectedFile() + " to " + trustedCerts + "/ to trust it");

    Files.copy(refused.rejectedFile(), trustedCerts.resolve(refused.rejectedFile().getFileName()));

    OpcUaClient client = OpcUaConnector.connect(server.endpointUrl(), security);
    try {
      assertThat(readCurrentTime(client).getValue().value()).isInstanceOf(DateTime.class);
    } finally {
      client.disconnectAsync().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServerThatDoesNotTrustTheAgentIsReportedWithTheCertificateToGiveIt() throws Exception {
    trustServer();

    var refused =
        catchThrowableOfType(
            OpcUaConnectException.class,
            () -> OpcUaConnector.connect(server.endpointUrl(), security));

    assertThat(refused).isNotInstanceOf(UntrustedServerException.class);
    assertThat(refused.getMessage())
        .contains(server.endpointUrl())
        .contains(agentPki.resolve("own").resolve("agent.der").toString())
        .contains(AgentCertificate.loadOrCreate(security).thumbprint());
  }

  @Test
  void securityNoneConnectsWithoutAnyTrust() throws Exception {
    OpcUaClient client =
        OpcUaConnector.connect(server.endpointUrl(), security.withSecurity(Policy.NONE, null));
    try {
      assertThat(readCurrentTime(client).getStatusCode().isGood()).isTrue();
    } finally {
      client.disconnectAsync().get(10, TimeUnit.SECONDS);
    }
    assertThat(agentPki.resolve("trusted").resolve("certs")).isEmptyDirectory();
  }

  @Test
  void aPolicyAndModeTheServerDoesNotOfferFailsListingWhatItOffers() {
    var refused =
        catchThrowableOfType(
            OpcUaConnectException.class,
            () ->
                OpcUaConnector.connect(
                    server.endpointUrl(),
                    security.withSecurity(Policy.BASIC256_SHA256, Mode.SIGN)));

    assertThat(refused.statusCode()).isEqualTo(StatusCodes.Bad_SecurityPolicyRejected);
    assertThat(refused.getMessage())
        .contains("offers no endpoint with security Basic256Sha256/Sign")
        .contains(KEY + ".securityPolicy")
        .contains("None/None [Anonymous, UserName]")
        .contains("Basic256Sha256/SignAndEncrypt [Anonymous, UserName]");
  }

  @Test
  void theServerAcceptsTheRightPasswordAndRefusesAWrongOneByName() throws Exception {
    trustServer();
    server.trust(AgentCertificate.loadOrCreate(security).certificate());

    OpcUaClient client =
        OpcUaConnector.connect(
            server.endpointUrl(),
            security.withUser(TestOpcUaServer.USERNAME, TestOpcUaServer.PASSWORD));
    try {
      assertThat(readCurrentTime(client).getStatusCode().isGood()).isTrue();
    } finally {
      client.disconnectAsync().get(10, TimeUnit.SECONDS);
    }

    var refused =
        catchThrowableOfType(
            OpcUaConnectException.class,
            () ->
                OpcUaConnector.connect(
                    server.endpointUrl(), security.withUser(TestOpcUaServer.USERNAME, "wrong")));

    assertThat(refused.getMessage())
        .contains("refused user 'operator'")
        .contains(KEY + ".user.username")
        .contains(KEY + ".user.password")
        .doesNotContain("wrong");
  }

  private void trustServer() throws Exception {
    Path trustedCerts = Files.createDirectories(agentPki.resolve("trusted").resolve("certs"));
    Files.write(trustedCerts.resolve("plc.der"), server.certificate().getEncoded());
  }

  private static DataValue readCurrentTime(OpcUaClient client) throws Exception {
    return client.readValue(0, TimestampsToReturn.Both, NodeIds.Server_ServerStatus_CurrentTime);
  }
}
