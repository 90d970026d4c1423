package org.unitrace.line.opcua;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Reads and writes one private key with its certificate chain as a PKCS#12 keystore. */
final class Pkcs12 {

  /** The alias the agent stores its generated key under. */
  static final String AGENT_ALIAS = "unitrace-agent";

  record Entry(KeyPair keyPair, X509Certificate[] chain) {}

  private Pkcs12() {}

  static byte[] encode(KeyPair keyPair, X509Certificate certificate, char[] password)
      throws GeneralSecurityException, IOException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, password);
    keyStore.setKeyEntry(
        AGENT_ALIAS, keyPair.getPrivate(), password, new X509Certificate[] {certificate});
    var out = new ByteArrayOutputStream();
    keyStore.store(out, password);
    return out.toByteArray();
  }

  /**
   * Loads the key under {@code alias}, or the only key in the keystore when {@code alias} is null.
   * Messages name {@code passwordKey}/{@code aliasKey}, the settings to fix.
   */
  static Entry load(Path file, char[] password, String alias, String passwordKey, String aliasKey) {
    KeyStore keyStore;
    try (InputStream in = Files.newInputStream(file)) {
      keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot open keystore " + file + " (wrong " + passwordKey + "?): " + e.getMessage(), e);
    }
    try {
      String chosen = alias != null ? alias : onlyKeyAlias(keyStore, file, aliasKey);
      if (!keyStore.isKeyEntry(chosen)) {
        throw new IllegalStateException(
            "keystore " + file + " has no private key under " + aliasKey + " '" + chosen + "'");
      }
      var key = (PrivateKey) keyStore.getKey(chosen, password);
      Certificate[] chain = keyStore.getCertificateChain(chosen);
      X509Certificate[] x509 = Arrays.copyOf(chain, chain.length, X509Certificate[].class);
      return new Entry(new KeyPair(x509[0].getPublicKey(), key), x509);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read the key in keystore " + file + ": " + e.getMessage(), e);
    }
  }

  private static String onlyKeyAlias(KeyStore keyStore, Path file, String aliasKey)
      throws GeneralSecurityException {
    List<String> keys = new ArrayList<>();
    for (String alias : Collections.list(keyStore.aliases())) {
      if (keyStore.isKeyEntry(alias)) {
        keys.add(alias);
      }
    }
    if (keys.size() != 1) {
      throw new IllegalStateException(
          "keystore " + file + " holds " + keys.size() + " keys " + keys + "; set " + aliasKey);
    }
    return keys.get(0);
  }
}
