package org.unitrace.line.opcua;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** How certificates are named to operators: thumbprint and subject as UaExpert shows them. */
final class Thumbprint {

  private Thumbprint() {}

  /**
   * The subject, most specific field first ({@code CN=Line 1 PLC, O=Acme}), without the empty
   * fields Milo's certificate builder leaves ({@code C=,ST=}).
   */
  static String subjectOf(X509Certificate certificate) {
    String name = certificate.getSubjectX500Principal().getName();
    try {
      return new LdapName(name)
          .getRdns().stream()
              .filter(rdn -> !rdn.getValue().toString().isEmpty())
              .map(Rdn::toString)
              .collect(Collectors.joining(", "));
    } catch (InvalidNameException e) {
      return name;
    }
  }

  /** The OPC UA thumbprint: SHA-1 of the DER encoding, in hex. */
  static String of(X509Certificate certificate) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
      return HexFormat.of().withUpperCase().formatHex(sha1);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot compute a certificate thumbprint", e);
    }
  }
}
