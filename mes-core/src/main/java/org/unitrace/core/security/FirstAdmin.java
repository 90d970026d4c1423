package org.unitrace.core.security;

import java.security.SecureRandom;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On a first start (no users yet) creates the user {@code admin}: with the password from {@code
 * UNITRACE_ADMIN_PASSWORD} when set, else a random one printed once, here and never again.
 */
@Component
@RequiredArgsConstructor
class FirstAdmin implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final Users users;
  private final SecurityProperties properties;

  @Override
  public void run(ApplicationArguments args) {
    if (!users.none()) {
      return;
    }
    String given = properties.adminPassword();
    boolean generated = given == null || given.isBlank();
    String password = generated ? randomPassword() : given;
    users.create("admin", password, List.of("admin"), "first-start");
    if (generated) {
      log.warn(
          """

          ==> First start: created the user 'admin' with the password  {}
              It is shown this once. Log in with it, create users and tokens (POST /api/admin/...),
              and change it (PUT /api/me/password). Set UNITRACE_ADMIN_PASSWORD to choose it instead.
          """,
          password);
    } else {
      log.info(
          "First start: created the user 'admin' with the password from UNITRACE_ADMIN_PASSWORD");
    }
  }

  private static String randomPassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
