package org.unitrace.line.opcua;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's generated keystore under {@code <pki>/own/}: {@code agent.pfx} (PKCS#12, 600), its
 * password in {@code agent.pfx.password} (600) unless configured, and the public {@code agent.der}
 * to hand to PLC administrators; the directory is 700.
 */
record OwnKeystore(Path dir) {

  private static final Logger log = LoggerFactory.getLogger(OwnKeystore.class);
  private static final Period VALIDITY = Period.ofYears(5);

  static OwnKeystore in(Path pkiDir) {
    return new OwnKeystore(pkiDir.resolve("own"));
  }

  Path keystore() {
    return dir.resolve("agent.pfx");
  }

  Path password() {
    return dir.resolve("agent.pfx.password");
  }

  Path certificate() {
    return dir.resolve("agent.der");
  }

  /** Loads the key, making it first if there is none; permissions are (re)set every time. */
  Pkcs12.Entry loadOrCreate(OpcUaSecurity security) throws IOException {
    PrivateFiles.ensureDir(dir);
    String configured = security.keystore() == null ? null : security.keystore().password();
    if (Files.notExists(keystore())) {
      create(security, configured != null ? configured : randomPassword(), configured == null);
    } else if (configured == null && Files.notExists(password())) {
      throw new IllegalStateException(
          keystore()
              + " exists but "
              + password()
              + " does not: set "
              + security.key("keystore.password")
              + ", or delete "
              + keystore()
              + " to make a new certificate (PLCs must then trust the new one)");
    }
    PrivateFiles.restrict(keystore(), PrivateFiles.FILE);
    if (configured == null) {
      PrivateFiles.restrict(password(), PrivateFiles.FILE);
    }
    String secret =
        configured != null
            ? configured
            : Files.readString(password(), StandardCharsets.UTF_8).strip();
    Pkcs12.Entry entry =
        Pkcs12.load(
            keystore(),
            secret.toCharArray(),
            Pkcs12.AGENT_ALIAS,
            security.key("keystore.password"),
            "alias");
    if (Files.notExists(certificate())) {
      writeDer(entry.chain()[0]);
    }
    return entry;
  }

  private void create(OpcUaSecurity security, String secret, boolean storePassword)
      throws IOException {
    KeyPair keyPair;
    X509Certificate certificate;
    try {
      keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
      var builder =
          new SelfSignedCertificateBuilder(keyPair)
              .setCommonName(security.applicationName())
              .setOrganization("Unitrace")
              // null leaves the field out; Milo's default "" writes empty C=, ST=, L=, OU=
              .setOrganizationalUnit(null)
              .setLocalityName(null)
              .setStateName(null)
              .setCountryCode(null)
              .setApplicationUri(security.applicationUri())
              .setValidityPeriod(VALIDITY)
              .addDnsName("localhost");
      localHostname().ifPresent(builder::addDnsName);
      certificate = builder.build();
      if (storePassword) {
        PrivateFiles.write(password(), secret.getBytes(StandardCharsets.UTF_8));
      }
      PrivateFiles.write(keystore(), Pkcs12.encode(keyPair, certificate, secret.toCharArray()));
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot generate the agent certificate: " + e, e);
    }
    writeDer(certificate);
    log.info(
        "Made the agent's OPC UA certificate {} (thumbprint {}); PLCs that check clients must"
            + " trust {}",
        keystore(),
        Thumbprint.of(certificate),
        certificate());
  }

  private void writeDer(X509Certificate certificate) throws IOException {
    try {
      Files.write(certificate(), certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IOException("cannot encode the agent certificate", e);
    }
  }

  private static Optional<String> localHostname() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name.equals("localhost") ? Optional.empty() : Optional.of(name);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
