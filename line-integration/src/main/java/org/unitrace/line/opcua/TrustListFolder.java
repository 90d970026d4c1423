package org.unitrace.line.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.TrustListManager;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's trust list as folders, in the layout of Milo's {@code FileBasedTrustListManager}:
 * {@code trusted/certs}, {@code trusted/crl}, {@code issuer/certs}, {@code issuer/crl}, plus {@code
 * rejected/} where refused server certificates land. Unlike Milo's manager it reads the folders at
 * every check instead of watching them from a thread, so a certificate copied into {@code
 * trusted/certs} counts from the next connection attempt on, with nothing to close. The folders are
 * the trust list: edit them, not this object.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class TrustListFolder implements TrustListManager {

  private static final Logger log = LoggerFactory.getLogger(TrustListFolder.class);

  private final Path pkiDir;

  static TrustListFolder create(Path pkiDir) {
    var folder = new TrustListFolder(pkiDir);
    try {
      for (Path dir :
          List.of(
              folder.trustedCerts(),
              folder.trustedCrl(),
              folder.issuerCerts(),
              folder.issuerCrl(),
              folder.rejected())) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the trust list folders under " + pkiDir, e);
    }
    return folder;
  }

  Path trustedCerts() {
    return pkiDir.resolve("trusted").resolve("certs");
  }

  Path rejected() {
    return pkiDir.resolve("rejected");
  }

  private Path trustedCrl() {
    return pkiDir.resolve("trusted").resolve("crl");
  }

  private Path issuerCerts() {
    return pkiDir.resolve("issuer").resolve("certs");
  }

  private Path issuerCrl() {
    return pkiDir.resolve("issuer").resolve("crl");
  }

  /** The file in {@code rejected/} holding {@code certificate}, as Milo's quarantine named it. */
  Optional<Path> rejectedFileOf(X509Certificate certificate) {
    return files(rejected()).stream()
        .filter(file -> certificates(file).contains(certificate))
        .findFirst();
  }

  @Override
  public List<X509Certificate> getTrustedCertificates() {
    return readAll(trustedCerts(), TrustListFolder::certificates);
  }

  @Override
  public List<X509Certificate> getIssuerCertificates() {
    return readAll(issuerCerts(), TrustListFolder::certificates);
  }

  @Override
  public List<X509CRL> getTrustedCrls() {
    return readAll(trustedCrl(), TrustListFolder::crls);
  }

  @Override
  public List<X509CRL> getIssuerCrls() {
    return readAll(issuerCrl(), TrustListFolder::crls);
  }

  @Override
  public DateTime getLastUpdateTime() {
    return DateTime.now();
  }

  @Override
  public void setIssuerCrls(List<X509CRL> issuerCrls) {
    throw readOnly();
  }

  @Override
  public void setTrustedCrls(List<X509CRL> trustedCrls) {
    throw readOnly();
  }

  @Override
  public void setIssuerCertificates(List<X509Certificate> issuerCertificates) {
    throw readOnly();
  }

  @Override
  public void setTrustedCertificates(List<X509Certificate> trustedCertificates) {
    throw readOnly();
  }

  @Override
  public void addIssuerCertificate(X509Certificate certificate) {
    throw readOnly();
  }

  @Override
  public void addTrustedCertificate(X509Certificate certificate) {
    throw readOnly();
  }

  @Override
  public boolean removeIssuerCertificate(ByteString thumbprint) {
    throw readOnly();
  }

  @Override
  public boolean removeTrustedCertificate(ByteString thumbprint) {
    throw readOnly();
  }

  private UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException(
        "the agent's trust list is the folder " + pkiDir + "; edit its files instead");
  }

  /** What {@code read} finds in each file of {@code dir}, in file name order. */
  private static <T> List<T> readAll(Path dir, Function<Path, List<T>> read) {
    return files(dir).stream().flatMap(file -> read.apply(file).stream()).toList();
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      log.warn("Cannot list trust list folder {}: {}", dir, e.toString());
      return List.of();
    }
  }

  private static List<X509Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateUtil.decodeCertificates(in);
    } catch (IOException | UaException e) {
      log.warn("Ignoring {}: not a certificate ({})", file, e.getMessage());
      return List.of();
    }
  }

  private static List<X509CRL> crls(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      var crls = new ArrayList<X509CRL>();
      CertificateFactory.getInstance("X.509").generateCRLs(in).stream()
          .filter(X509CRL.class::isInstance)
          .forEach(crl -> crls.add((X509CRL) crl));
      return crls;
    } catch (IOException | CertificateException | CRLException e) {
      log.warn("Ignoring {}: not a CRL ({})", file, e.getMessage());
      return List.of();
    }
  }
}
