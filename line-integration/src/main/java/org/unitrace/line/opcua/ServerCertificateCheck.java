package org.unitrace.line.opcua;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;

/**
 * Checks a server's certificate against the trust list folder with Milo's client validator and
 * remembers the last refusal, so that a failed connect can say which certificate was refused and
 * why: Milo's connect error does not carry it. Milo 1.0.8 reports a certificate without a trust
 * path as {@code Bad_SecurityChecksFailed} (not {@code Bad_CertificateUntrusted}); what marks it as
 * untrusted is that Milo quarantines it into {@code rejected/}, which this class observes.
 */
final class ServerCertificateCheck implements CertificateValidator {

  /** A refused server certificate and the OPC UA status it was refused with. */
  record Refusal(X509Certificate certificate, long statusCode, boolean untrusted) {}

  private final TrustListFolder trustList;
  private final CertificateValidator milo;
  private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();
  private final Set<X509Certificate> quarantined = ConcurrentHashMap.newKeySet();

  ServerCertificateCheck(TrustListFolder trustList) {
    this.trustList = trustList;
    this.milo = new DefaultClientCertificateValidator(trustList, new Quarantine(trustList));
  }

  @Override
  public void validateCertificateChain(
      List<X509Certificate> certificateChain, String applicationUri, String[] validHostNames)
      throws UaException {
    try {
      milo.validateCertificateChain(certificateChain, applicationUri, validHostNames);
    } catch (UaException e) {
      X509Certificate certificate = certificateChain.get(0);
      boolean untrusted = quarantined.remove(certificate);
      lastRefusal.set(new Refusal(certificate, e.getStatusCode().value(), untrusted));
      throw e;
    }
  }

  Optional<Refusal> lastRefusal() {
    return Optional.ofNullable(lastRefusal.get());
  }

  TrustListFolder trustList() {
    return trustList;
  }

  /** Milo's file quarantine in {@code rejected/}, noting what it was given. */
  private final class Quarantine implements CertificateQuarantine {
    private final CertificateQuarantine files;

    Quarantine(TrustListFolder trustList) {
      try {
        this.files = FileBasedCertificateQuarantine.create(trustList.rejected());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + trustList.rejected(), e);
      }
    }

    @Override
    public List<X509Certificate> getRejectedCertificates() {
      return files.getRejectedCertificates();
    }

    @Override
    public void addRejectedCertificate(X509Certificate certificate) {
      files.addRejectedCertificate(certificate);
      quarantined.add(certificate);
    }

    @Override
    public void removeRejectedCertificate(X509Certificate certificate) {
      files.removeRejectedCertificate(certificate);
    }
  }
}
