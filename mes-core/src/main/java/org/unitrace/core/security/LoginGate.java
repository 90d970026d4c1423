package org.unitrace.core.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a password login (a post of the login form, or a request with HTTP Basic) for a user or
 * from an address that {@link LoginThrottle} has blocked: 429 with {@code Retry-After}, before the
 * password is looked at.
 */
@RequiredArgsConstructor
final class LoginGate extends OncePerRequestFilter {

  private final LoginThrottle throttle;
  private final ProblemResponses problems;

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> username = username(request);
    if (username.isPresent()) {
      Optional<LoginThrottle.Blocked> blocked =
          throttle.blocked(username.get(), request.getRemoteAddr());
      if (blocked.isPresent()) {
        long seconds = blocked.get().retryAfter().toSeconds();
        response.setHeader("Retry-After", Long.toString(seconds));
        problems.write(
            response,
            request,
            HttpStatus.TOO_MANY_REQUESTS,
            "too many failed logins for %s: password logins are refused for %d more seconds"
                .formatted(blocked.get().who(), seconds));
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** The user name a password login names, if this request is one. */
  private static Optional<String> username(HttpServletRequest request) {
    if ("POST".equals(request.getMethod())
        && BrowserSessions.LOGIN.equals(request.getServletPath())) {
      return Optional.ofNullable(request.getParameter("username"));
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String pair =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(pair.substring(0, colon));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty(); // the Basic filter answers that one
    }
  }
}
