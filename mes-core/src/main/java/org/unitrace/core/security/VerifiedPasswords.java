package org.unitrace.core.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Stored passwords stay bcrypt, but a password that verified a moment ago is not verified again on
 * every HTTP Basic request (~70 ms of bcrypt each): a match is remembered for {@code ttl}, at most
 * {@code maxEntries} of them, under an HMAC (a random key made per process, never stored) of the
 * stored hash and the presented password. The password itself is not kept.
 *
 * <p>The stored hash in the key is what keeps it safe without any invalidation: a password change
 * stores a new hash (a new salt), so the old password never finds its entry again, on this instance
 * or any other, from the moment the change commits. Whether the user is enabled, and their roles,
 * are read from the database on every request (only the bcrypt comparison is skipped).
 */
final class VerifiedPasswords implements PasswordEncoder {

  private static final String HMAC = "HmacSHA256";

  private final PasswordEncoder delegate;
  private final SecurityProperties.PasswordCache config;
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;
  private final Map<String, Long> verifiedUntil = new ConcurrentHashMap<>();
  private final Counter cached;
  private final Counter verified;
  private final Counter refused;

  VerifiedPasswords(
      PasswordEncoder delegate, SecurityProperties.PasswordCache config, MeterRegistry meters) {
    this.delegate = delegate;
    this.config = config;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, HMAC);
    this.macs = ThreadLocal.withInitial(this::newMac);
    String name = "unitrace.security.password.checks";
    this.cached = meters.counter(name, "result", "cached");
    this.verified = meters.counter(name, "result", "verified");
    this.refused = meters.counter(name, "result", "refused");
  }

  @Override
  public String encode(CharSequence rawPassword) {
    return delegate.encode(rawPassword);
  }

  @Override
  public boolean upgradeEncoding(String encodedPassword) {
    return delegate.upgradeEncoding(encodedPassword);
  }

  @Override
  public boolean matches(CharSequence rawPassword, String encodedPassword) {
    if (rawPassword == null || encodedPassword == null || !config.enabled()) {
      return delegate.matches(rawPassword, encodedPassword);
    }
    String entry = keyOf(encodedPassword, rawPassword);
    long now = System.nanoTime();
    Long until = verifiedUntil.get(entry);
    if (until != null && until - now > 0) {
      cached.increment();
      return true;
    }
    boolean matches = delegate.matches(rawPassword, encodedPassword);
    (matches ? verified : refused).increment();
    if (matches) {
      remember(entry, now);
    } else if (until != null) {
      verifiedUntil.remove(entry);
    }
    return matches;
  }

  private void remember(String entry, long now) {
    if (verifiedUntil.size() >= config.maxEntries()) {
      verifiedUntil.values().removeIf(until -> until - now <= 0);
    }
    if (verifiedUntil.size() < config.maxEntries()) { // full of live entries: verify next time
      verifiedUntil.put(entry, now + config.ttl().toNanos());
    }
  }

  private String keyOf(String encodedPassword, CharSequence rawPassword) {
    Mac mac = macs.get();
    mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no " + HMAC + " in this JVM", e);
    }
  }
}
