package org.unitrace.core.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A caller recognised by its API token. */
class ApiTokenAuthentication extends AbstractAuthenticationToken {

  private final ApiTokenPrincipal principal;

  ApiTokenAuthentication(ApiTokenPrincipal principal) {
    super(principal.roles().stream().map(Role::authority).toList());
    this.principal = principal;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public ApiTokenPrincipal getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return "token:" + principal.name();
  }
}
