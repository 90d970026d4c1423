package org.unitrace.line.opcua;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A PLC stand-in: a real Milo 1.0 server on a free port of 127.0.0.1 with endpoints None/None and
 * Basic256Sha256/SignAndEncrypt, its own self-signed certificate and its own file trust list,
 * anonymous access and one user.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class TestOpcUaServer implements AutoCloseable {

  static final String USERNAME = "operator";
  static final String PASSWORD = "line-1-secret";
  static final String APPLICATION_URI = "urn:unitrace:test:plc";

  private final OpcUaServer server;
  private final FileBasedTrustListManager trustList;
  private final X509Certificate certificate;
  private final String endpointUrl;

  static TestOpcUaServer start(Path pkiDir) throws Exception {
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate certificate =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("Test PLC")
            .setOrganization("Unitrace tests")
            .setApplicationUri(APPLICATION_URI)
            .addDnsName("localhost")
            .addIpAddress("127.0.0.1")
            .build();

    var trustList = FileBasedTrustListManager.createAndInitialize(pkiDir);
    var quarantine = FileBasedCertificateQuarantine.create(pkiDir.resolve("rejected"));
    var certificateFactory =
        new RsaSha256CertificateFactory() {
          @Override
          protected KeyPair createRsaSha256KeyPair() {
            return keyPair;
          }

          @Override
          protected X509Certificate[] createRsaSha256CertificateChain(KeyPair ignored) {
            return new X509Certificate[] {certificate};
          }
        };
    var group =
        DefaultApplicationGroup.createAndInitialize(
            trustList,
            new MemoryCertificateStore(),
            certificateFactory,
            new DefaultServerCertificateValidator(trustList, quarantine));

    int port = freePort();
    var endpoint =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress("127.0.0.1")
            .setBindPort(port)
            .setHostname("127.0.0.1")
            .setPath("/plc")
            .setCertificate(certificate)
            .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS, USER_TOKEN_POLICY_USERNAME);
    var config =
        OpcUaServerConfig.builder()
            .setApplicationUri(APPLICATION_URI)
            .setApplicationName(LocalizedText.english("Test PLC"))
            .setProductUri("urn:unitrace:test")
            .setBuildInfo(
                new BuildInfo(
                    "urn:unitrace:test", "unitrace", "test plc", "1", "1", DateTime.now()))
            .setEndpoints(
                Set.of(
                    endpoint
                        .copy()
                        .setSecurityPolicy(SecurityPolicy.None)
                        .setSecurityMode(MessageSecurityMode.None)
                        .build(),
                    endpoint
                        .copy()
                        .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                        .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
                        .build()))
            .setCertificateManager(new DefaultCertificateManager(quarantine, group))
            .setIdentityValidator(
                new CompositeValidator(
                    AnonymousIdentityValidator.INSTANCE,
                    new UsernameIdentityValidator(
                        challenge ->
                            USERNAME.equals(challenge.getUsername())
                                && PASSWORD.equals(challenge.getPassword()))))
            .build();
    var server =
        new OpcUaServer(
            config,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    server.startup().get(10, TimeUnit.SECONDS);
    return new TestOpcUaServer(
        server, trustList, certificate, "opc.tcp://127.0.0.1:" + port + "/plc");
  }

  String endpointUrl() {
    return endpointUrl;
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** Puts a client certificate into the server's {@code trusted/certs}. */
  void trust(X509Certificate clientCertificate) {
    trustList.addTrustedCertificate(clientCertificate);
  }

  @Override
  public void close() throws Exception {
    try {
      server.shutdown().get(10, TimeUnit.SECONDS);
    } finally {
      trustList.close();
    }
  }

  private static int freePort() throws Exception {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
