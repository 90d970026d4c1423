package org.unitrace.sim.plc;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
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
 * A PLC for one line, as an OPC UA server: endpoints None and Basic256Sha256 Sign / SignAndEncrypt,
 * its own certificate (kept across restarts), a file trust list for client certificates, anonymous
 * or username identities. Station values live in {@link StationSim}s and survive a restart, as a
 * PLC's retentive memory does.
 */
public final class PlcSimulator implements AutoCloseable {

  private static final String APPLICATION_URI = "urn:unitrace:sim:plc";

  private final PlcSimulatorConfig config;
  private final Map<String, StationSim> stations = new LinkedHashMap<>();
  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final int port;
  private final Production production;
  private FileBasedTrustListManager trustList;
  private OpcUaServer server;
  private PlcNamespace namespace;

  private PlcSimulator(PlcSimulatorConfig config) throws Exception {
    this.config = config;
    for (StationSpec spec : config.stations()) {
      if (stations.put(spec.id(), new StationSim(spec)) != null) {
        throw new IllegalArgumentException("duplicate station " + spec.id());
      }
    }
    this.keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    this.certificate =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("Unitrace PLC simulator " + config.line())
            .setOrganization("Unitrace")
            .setApplicationUri(APPLICATION_URI)
            .addDnsName("localhost")
            .addIpAddress(config.host())
            .build();
    this.port = config.port() != 0 ? config.port() : freePort(config.host());
    this.production = new Production(config, new ArrayList<>(stations.values()));
    Files.createDirectories(config.pkiDir());
    Files.write(config.pkiDir().resolve("plc-simulator.der"), certificate.getEncoded());
  }

  /**
   * Starts a simulator of line {@code line}'s {@code stations} on a free port, with the builder's
   * defaults otherwise (security None, anonymous users), its PKI in {@code pkiDir}.
   */
  public static PlcSimulator start(String line, Path pkiDir, StationSpec... stations)
      throws Exception {
    return start(
        PlcSimulatorConfig.builder().line(line).pkiDir(pkiDir).stations(List.of(stations)).build());
  }

  /** Starts a simulator serving its line at once. */
  public static PlcSimulator start(PlcSimulatorConfig config) throws Exception {
    PlcSimulator sim = new PlcSimulator(config);
    sim.startServer();
    return sim;
  }

  public String endpointUrl() {
    return "opc.tcp://" + config.host() + ":" + port + config.path();
  }

  /** The index of {@code namespaceUri} on the server (for {@code ns=} NodeIds). */
  public int namespaceIndex() {
    return namespace.getNamespaceIndex().intValue();
  }

  public String nodeId(String station, String signal) {
    return "ns=" + namespaceIndex() + ";s=" + config.line() + "." + station + "." + signal;
  }

  public StationSim station(String id) {
    StationSim st = stations.get(id);
    if (st == null) {
      throw new IllegalArgumentException("no station " + id + " on " + config.line());
    }
    return st;
  }

  /** The server's certificate, for a client's trust list. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Trusts a client certificate (DER file, such as the agent's {@code pki/own/agent.der}). */
  public void trustClient(Path derFile) throws Exception {
    try (var in = Files.newInputStream(derFile)) {
      var cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      trustList.addTrustedCertificate(cert);
    }
  }

  public synchronized void startServer() throws Exception {
    if (server != null) {
      return;
    }
    trustList = FileBasedTrustListManager.createAndInitialize(config.pkiDir());
    var quarantine = FileBasedCertificateQuarantine.create(config.pkiDir().resolve("rejected"));
    var certificates =
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
    org.eclipse.milo.opcua.stack.core.security.CertificateValidator validator =
        config.autoTrustClients()
            ? new AcceptingValidator()
            : new DefaultServerCertificateValidator(trustList, quarantine);
    var group =
        DefaultApplicationGroup.createAndInitialize(
            trustList, new MemoryCertificateStore(), certificates, validator);
    var endpoint =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress(config.host())
            .setBindPort(port)
            .setHostname(config.host())
            .setPath(config.path())
            .setCertificate(certificate)
            .addTokenPolicies(
                config.users().isEmpty()
                    ? new org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy[] {
                      USER_TOKEN_POLICY_ANONYMOUS
                    }
                    : new org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy[] {
                      USER_TOKEN_POLICY_USERNAME
                    });
    Set<EndpointConfig> endpoints = new HashSet<>();
    if (config.allowNone()) {
      endpoints.add(
          endpoint
              .copy()
              .setSecurityPolicy(SecurityPolicy.None)
              .setSecurityMode(MessageSecurityMode.None)
              .build());
    }
    if (config.allowSign()) {
      endpoints.add(
          endpoint
              .copy()
              .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
              .setSecurityMode(MessageSecurityMode.Sign)
              .build());
    }
    if (config.allowSignAndEncrypt()) {
      endpoints.add(
          endpoint
              .copy()
              .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
              .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
              .build());
    }
    IdentityValidator identities =
        config.users().isEmpty()
            ? AnonymousIdentityValidator.INSTANCE
            : new CompositeValidator(
                new UsernameIdentityValidator(
                    challenge ->
                        challenge.getPassword() != null
                            && challenge
                                .getPassword()
                                .equals(config.users().get(challenge.getUsername()))));
    var serverConfig =
        OpcUaServerConfig.builder()
            .setApplicationUri(APPLICATION_URI)
            .setApplicationName(LocalizedText.english("Unitrace PLC simulator"))
            .setProductUri("urn:unitrace:simulators")
            .setBuildInfo(
                new BuildInfo(
                    "urn:unitrace:simulators",
                    "unitrace",
                    "plc simulator",
                    "1",
                    "1",
                    DateTime.now()))
            .setEndpoints(endpoints)
            .setCertificateManager(new DefaultCertificateManager(quarantine, group))
            .setIdentityValidator(identities)
            .build();
    OpcUaServer s =
        new OpcUaServer(
            serverConfig,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    PlcNamespace ns =
        new PlcNamespace(
            s, config.namespaceUri(), config.line(), new ArrayList<>(stations.values()));
    ns.startup();
    s.startup().get(15, TimeUnit.SECONDS);
    server = s;
    namespace = ns;
  }

  /** The PLC goes away (power cut, restart): clients lose their sessions. */
  public synchronized void stopServer() throws Exception {
    if (server == null) {
      return;
    }
    namespace.shutdown();
    server.shutdown().get(15, TimeUnit.SECONDS);
    trustList.close();
    server = null;
  }

  /** Stop and start on the same port and certificate; station values are kept. */
  public void restart() throws Exception {
    stopServer();
    startServer();
  }

  public boolean isRunning() {
    return server != null;
  }

  /** Autonomous production: cycle times, NOK and fault rates from the station specs. */
  public void startCycling() {
    production.start(false);
  }

  /**
   * Autonomous production on a line whose first station is a marking station: each of its cycles a
   * part arrives (PartPresent), the agent marks it and answers on AgentResult, and the part goes on
   * to the next station if the answer is 1 (OK), leaves the line if 2, and after ten cycles without
   * an answer leaves it too; the next stations cycle as {@link #startCycling()} makes them.
   */
  public void startCyclingWithMarking() {
    production.start(true);
  }

  public void stopCycling() {
    production.stop();
  }

  @Override
  public void close() throws Exception {
    production.stop();
    stopServer();
  }

  private static int freePort(String host) throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  List<StationSim> stations() {
    return new ArrayList<>(stations.values());
  }

  /** Trusts every client certificate: for tests that are not about trust. */
  private static final class AcceptingValidator
      implements org.eclipse.milo.opcua.stack.core.security.CertificateValidator {
    @Override
    public void validateCertificateChain(
        List<X509Certificate> chain, String applicationUri, String[] hostnames) {}
  }
}
