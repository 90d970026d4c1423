package org.unitrace.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class ActorTest {

  @Test
  void noAuthenticationIsTheSystem() {
    assertThat(Actor.of(null)).isEqualTo(new Actor("system", ActorKind.system, List.of()));
  }

  @Test
  void signedInUserIsNamedWithRolesWithoutPrefix() {
    var auth =
        UsernamePasswordAuthenticationToken.authenticated(
            "alice",
            null,
            AuthorityUtils.createAuthorityList("ROLE_quality", "ROLE_admin", "SCOPE_read"));
    assertThat(Actor.of(auth))
        .isEqualTo(new Actor("alice", ActorKind.user, List.of("admin", "quality")));
  }

  @Test
  void jwtIsNamedByItsPrincipalClaim() {
    Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("bob-sub").build();
    var auth =
        new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("ROLE_viewer"), "bob");
    assertThat(Actor.of(auth)).isEqualTo(new Actor("bob", ActorKind.jwt, List.of("viewer")));
  }

  @Test
  void principalThatSaysItIsATokenIsRecordedAsThatToken() {
    record TokenPrincipal(String name) implements AuditActor {
      @Override
      public ActorKind actorKind() {
        return ActorKind.token;
      }

      @Override
      public String toString() {
        return "token:" + name;
      }
    }
    var auth =
        UsernamePasswordAuthenticationToken.authenticated(
            new TokenPrincipal("line-1-agent"),
            null,
            AuthorityUtils.createAuthorityList("ROLE_edge"));
    assertThat(Actor.of(auth))
        .isEqualTo(new Actor("line-1-agent", ActorKind.token, List.of("edge")));
  }

  @Test
  void anonymousCallerIsNotMistakenForAUserOrTheSystem() {
    var auth =
        new AnonymousAuthenticationToken(
            "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    assertThat(Actor.of(auth)).isEqualTo(new Actor("anonymous", ActorKind.anonymous, List.of()));
  }

  @Test
  void unauthenticatedTokenIsAnonymous() {
    var auth = UsernamePasswordAuthenticationToken.unauthenticated("mallory", "guess");
    assertThat(Actor.of(auth).kind()).isEqualTo(ActorKind.anonymous);
  }
}
