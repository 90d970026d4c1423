package org.unitrace.core.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The browser side of security, beside the stateless API: people log in through a form into a
 * session, and a request riding on that session cookie must carry the CSRF token (the pages read it
 * from the {@code XSRF-TOKEN} cookie and send it as {@code X-XSRF-TOKEN}). A request with its own
 * credentials (an {@code Authorization} header) cannot be forged cross-site and needs no token, and
 * one with no session has no cookie credentials to abuse; so API clients see no change.
 */
final class BrowserSessions {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  static final String LOGIN = "/login";

  private BrowserSessions() {}

  /** Unsafe requests on a session cookie, and every login form post (against login CSRF). */
  static final RequestMatcher CSRF_PROTECTED =
      request ->
          !SAFE_METHODS.contains(request.getMethod())
              && request.getHeader("Authorization") == null
              && (request.getRequestedSessionId() != null
                  || LOGIN.equals(request.getServletPath()));

  /** A page (not the API, not the actuator): unauthenticated, it goes to the login form. */
  static final RequestMatcher PAGE =
      request -> {
        String path = request.getServletPath();
        return "GET".equals(request.getMethod())
            && (path.equals("/") || path.equals("/ui") || path.startsWith("/ui/"));
      };

  static CookieCsrfTokenRepository csrfTokens() {
    CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
    tokens.setCookiePath("/");
    return tokens;
  }

  /** Pages go to the login form; everything else gets the API's 401 problem. */
  static AuthenticationEntryPoint entryPoint(AuthenticationEntryPoint api) {
    LoginUrlAuthenticationEntryPoint form = new LoginUrlAuthenticationEntryPoint(LOGIN);
    return (request, response, e) -> {
      if (PAGE.matches(request)) {
        form.commence(request, response, e);
      } else {
        api.commence(request, response, e);
      }
    };
  }

  /** Only a page is remembered to return to after logging in: an API call opens no session. */
  static RequestCache savedPages() {
    HttpSessionRequestCache cache = new HttpSessionRequestCache();
    cache.setRequestMatcher(PAGE);
    return cache;
  }

  /**
   * Writes the CSRF cookie on page loads (the token is otherwise made only when asked for), so the
   * login form and the pages have it before their first post.
   */
  static final class CsrfCookie extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (PAGE.matches(request) || LOGIN.equals(request.getServletPath())) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (token != null) {
          token.getToken();
        }
      }
      chain.doFilter(request, response);
    }
  }
}
