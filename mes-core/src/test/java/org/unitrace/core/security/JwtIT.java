package org.unitrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.core.support.TestServers;

/**
 * A plant with SSO: JWTs from its identity provider (here a test issuer whose keys the test makes)
 * are accepted, and roles come from the configured claim through the configured mapping.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtIT {

  private static final String ISSUER = "https://idp.plant.test/realms/akl";
  private static final KeyPair IDP = rsa();
  private static final KeyPair STRANGER = rsa();

  @Autowired TestRestTemplate anonymous;

  @DynamicPropertySource
  static void identityProvider(DynamicPropertyRegistry registry) throws IOException {
    Path pem = Path.of("target", TestServers.unique("idp-") + ".pem");
    Files.createDirectories(pem.getParent());
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(IDP.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    TestServers.useNewDatabase(registry);
    registry.add("unitrace.mqtt.enabled", () -> "false");
    registry.add("unitrace.security.jwt.issuer-uri", () -> ISSUER);
    registry.add("unitrace.security.jwt.public-key-location", () -> "file:" + pem.toAbsolutePath());
    registry.add("unitrace.security.jwt.roles-claim", () -> "realm_access.roles");
    registry.add("unitrace.security.jwt.role-mapping.plant-quality", () -> "quality");
    registry.add("unitrace.security.jwt.role-mapping.plant-admins", () -> "admin");
  }

  @Test
  void aQualityEngineersJwtIsMappedToTheQualityRole() {
    String jwt = sign(IDP, ISSUER, "jane.qe", List.of("plant-quality", "offline_access"), 300);
    JsonNode me = get(jwt, "/api/me").getBody();
    assertThat(me.path("name").asText()).isEqualTo("jane.qe");
    assertThat(me.path("authorities").toString())
        .contains("ROLE_quality")
        .doesNotContain("offline");
    assertThat(get(jwt, "/api/agents").getStatusCode().value()).isEqualTo(200);
    assertThat(get(jwt, "/api/admin/users").getStatusCode().value()).isEqualTo(403);
  }

  @Test
  void aMappedAdminGroupGivesTheAdminRole() {
    String jwt = sign(IDP, ISSUER, "it.admin", List.of("plant-admins"), 300);
    assertThat(get(jwt, "/api/admin/users").getStatusCode().value()).isEqualTo(200);
  }

  @Test
  void theEdgeRoleCannotComeFromAJwt() {
    String jwt = sign(IDP, ISSUER, "mallory", List.of("edge"), 300);
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(jwt);
    headers.set("Content-Type", "application/json");
    ResponseEntity<JsonNode> post =
        anonymous.exchange(
            "/api/events", HttpMethod.POST, new HttpEntity<>("[]", headers), JsonNode.class);
    assertThat(post.getStatusCode().value()).isEqualTo(403);
  }

  @Test
  void aJwtFromAnotherIssuerSignedByAnotherKeyOrExpiredIsRefused() {
    assertThat(
            get(
                    sign(IDP, "https://evil.test", "jane.qe", List.of("plant-quality"), 300),
                    "/api/agents")
                .getStatusCode()
                .value())
        .isEqualTo(401);
    assertThat(
            get(sign(STRANGER, ISSUER, "jane.qe", List.of("plant-quality"), 300), "/api/agents")
                .getStatusCode()
                .value())
        .isEqualTo(401);
    ResponseEntity<JsonNode> expired =
        get(sign(IDP, ISSUER, "jane.qe", List.of("plant-quality"), -120), "/api/agents");
    assertThat(expired.getStatusCode().value()).isEqualTo(401);
    assertThat(expired.getBody().path("detail").asText()).containsIgnoringCase("expired");
  }

  private ResponseEntity<JsonNode> get(String jwt, String path) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(jwt);
    return anonymous.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
  }

  private static String sign(
      KeyPair keys, String issuer, String user, List<String> roles, long validSeconds) {
    try {
      Instant now = Instant.now();
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer(issuer)
              .subject("sub-" + user)
              .claim("preferred_username", user)
              .claim("realm_access", Map.of("roles", roles))
              .issueTime(Date.from(now.minusSeconds(300)))
              .expirationTime(Date.from(now.plusSeconds(validSeconds)))
              .build();
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
      jwt.sign(new RSASSASigner(keys.getPrivate()));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
