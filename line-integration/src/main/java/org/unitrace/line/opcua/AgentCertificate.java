package org.unitrace.line.opcua;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/**
 * The agent's OPC UA application certificate and key. A PLC that checks clients trusts this
 * certificate, so it must stay the same across restarts: it is made once, on first start, under
 * {@code <pki>/own/} (directory 700, files 600) and loaded from there afterwards. A provided
 * keystore ({@link OpcUaSecurity.Keystore#path()}) is used as is instead.
 */
public final class AgentCertificate {

  private final Path keystore;
  private final KeyPair keyPair;
  private final X509Certificate[] chain;

  private AgentCertificate(Path keystore, Pkcs12.Entry entry) {
    this.keystore = keystore;
    this.keyPair = entry.keyPair();
    this.chain = entry.chain();
  }

  /**
   * Loads the agent's certificate, generating it on first start. Fails with the setting to fix when
   * the keystore cannot be opened or was made for another application URI.
   */
  public static synchronized AgentCertificate loadOrCreate(OpcUaSecurity security) {
    OpcUaSecurity.Keystore provided = security.keystore();
    AgentCertificate loaded =
        provided != null && provided.path() != null
            ? new AgentCertificate(
                provided.path(),
                Pkcs12.load(
                    provided.path(),
                    provided.password().toCharArray(),
                    provided.alias(),
                    security.key("keystore.password"),
                    security.key("keystore.alias")))
            : own(security);
    loaded.checkApplicationUri(security);
    return loaded;
  }

  public X509Certificate certificate() {
    return chain[0];
  }

  /** SHA-1 thumbprint in hex, as a PLC's certificate page shows it. */
  public String thumbprint() {
    return Thumbprint.of(certificate());
  }

  /** The keystore the certificate came from. */
  public Path keystore() {
    return keystore;
  }

  KeyPair keyPair() {
    return keyPair;
  }

  X509Certificate[] chain() {
    return chain.clone();
  }

  private static AgentCertificate own(OpcUaSecurity security) {
    OwnKeystore own = OwnKeystore.in(security.pkiDir());
    try {
      return new AgentCertificate(own.keystore(), own.loadOrCreate(security));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the agent certificate under " + own.dir(), e);
    }
  }

  private void checkApplicationUri(OpcUaSecurity security) {
    String inCertificate = CertificateUtil.getSanUri(certificate()).orElse(null);
    if (!security.applicationUri().equals(inCertificate)) {
      throw new IllegalStateException(
          "the certificate in "
              + keystore
              + " is for application URI "
              + inCertificate
              + " but "
              + security.key("applicationUri")
              + " is "
              + security.applicationUri()
              + "; OPC UA requires them to match (a generated certificate: delete it to make a"
              + " new one, which PLCs must then trust)");
    }
  }
}
