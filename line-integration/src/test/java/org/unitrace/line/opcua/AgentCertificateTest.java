package org.unitrace.line.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCertificateTest {

  private static final String URI = "urn:unitrace:edge-agent:line-1";

  @TempDir Path dir;

  private Path pki;

  @BeforeEach
  void pkiFolder() {
    pki = dir.resolve("pki");
  }

  private OpcUaSecurity security() {
    return OpcUaSecurity.of("agent.opcua", pki, URI);
  }

  @Test
  void firstStartMakesAnRsa2048CertificateForTheApplicationUriOnlyTheAgentCanRead()
      throws Exception {
    AgentCertificate agent = AgentCertificate.loadOrCreate(security());

    Path own = pki.resolve("own");
    assertThat(agent.keystore()).isEqualTo(own.resolve("agent.pfx"));
    assertThat(permissions(own)).isEqualTo("rwx------");
    assertThat(permissions(own.resolve("agent.pfx"))).isEqualTo("rw-------");
    assertThat(permissions(own.resolve("agent.pfx.password"))).isEqualTo("rw-------");
    assertThat(Files.readString(own.resolve("agent.pfx.password"))).hasSizeGreaterThan(20);
    assertThat(own.resolve("agent.der")).hasBinaryContent(agent.certificate().getEncoded());
    assertThat(CertificateUtil.getSanUri(agent.certificate())).contains(URI);
    assertThat(((RSAPublicKey) agent.certificate().getPublicKey()).getModulus().bitLength())
        .isEqualTo(2048);
    assertThat(agent.certificate().getSubjectX500Principal().getName())
        .isEqualTo("O=Unitrace,CN=" + URI);
  }

  @Test
  void laterStartsLoadTheSameCertificate() {
    String first = AgentCertificate.loadOrCreate(security()).thumbprint();

    AgentCertificate second = AgentCertificate.loadOrCreate(security());

    assertThat(second.thumbprint()).isEqualTo(first).matches("[0-9A-F]{40}");
    assertThat(second.keyPair().getPrivate()).isNotNull();
  }

  @Test
  void loosenedPermissionsAreTightenedAgainAtStart() throws Exception {
    AgentCertificate.loadOrCreate(security());
    Path keystore = pki.resolve("own").resolve("agent.pfx");
    Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(pki.resolve("own"), PosixFilePermissions.fromString("rwxr-xr-x"));

    AgentCertificate.loadOrCreate(security());

    assertThat(permissions(keystore)).isEqualTo("rw-------");
    assertThat(permissions(pki.resolve("own"))).isEqualTo("rwx------");
  }

  @Test
  void aConfiguredPasswordProtectsTheGeneratedKeystoreAndNoPasswordFileIsWritten() {
    OpcUaSecurity withPassword =
        security().withKeystore(new OpcUaSecurity.Keystore(null, "from-env", null));

    String thumbprint = AgentCertificate.loadOrCreate(withPassword).thumbprint();

    assertThat(pki.resolve("own").resolve("agent.pfx.password")).doesNotExist();
    assertThat(AgentCertificate.loadOrCreate(withPassword).thumbprint()).isEqualTo(thumbprint);
    assertThatIllegalStateException()
        .isThrownBy(() -> AgentCertificate.loadOrCreate(security()))
        .withMessageContaining("agent.opcua.keystore.password");
  }

  @Test
  void aProvidedKeystoreIsUsedAsIs() throws Exception {
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate certificate =
        new SelfSignedCertificateBuilder(keyPair).setApplicationUri(URI).build();
    Path provided = dir.resolve("provided.pfx");
    Files.write(provided, Pkcs12.encode(keyPair, certificate, "pw".toCharArray()));

    AgentCertificate agent =
        AgentCertificate.loadOrCreate(
            security().withKeystore(new OpcUaSecurity.Keystore(provided, "pw", null)));

    assertThat(agent.certificate()).isEqualTo(certificate);
    assertThat(agent.keystore()).isEqualTo(provided);
    assertThat(pki.resolve("own")).doesNotExist();
  }

  @Test
  void aCertificateMadeForAnotherApplicationUriIsRefusedNamingTheSetting() {
    AgentCertificate.loadOrCreate(security());

    assertThatIllegalStateException()
        .isThrownBy(
            () -> AgentCertificate.loadOrCreate(OpcUaSecurity.of("agent.opcua", pki, "urn:other")))
        .withMessageContaining("agent.opcua.applicationUri")
        .withMessageContaining(URI);
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
