package org.unitrace.core.integration.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Unitrace-Signature} of a webhook: {@code sha256=} and the hex HMAC-SHA256 of the
 * timestamp header, a dot and the body, keyed with the subscription's secret. Covering the
 * timestamp lets a receiver refuse an old request replayed (docs/integration.md shows how).
 */
public final class WebhookSignature {

  private WebhookSignature() {}

  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Whether {@code signature} is right for the body, compared in constant time. */
  public static boolean verify(String secret, String timestamp, byte[] body, String signature) {
    if (signature == null || timestamp == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
