package org.unitrace.core.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
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

  /**
   * What the pages may load: their own scripts (ES modules, no inline script), styles (inline style
   * attributes included: the pages draw bars with them), images and API calls, and the files they
   * build themselves (the exceptions CSV is a {@code blob:} URL of the page's own); nothing framed,
   * no plugins, forms posted only here.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self' blob:; font-src 'self'; object-src 'none';"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** The login form and the pages (the API answers JSON and needs no policy). */
  static final RequestMatcher PAGES_AND_LOGIN =
      request -> {
        String path = request.getServletPath();
        return path.equals("/")
            || path.equals("/ui")
            || path.startsWith("/ui/")
            || path.equals(LOGIN);
      };

  static HeaderWriter contentSecurityPolicy() {
    return new DelegatingRequestMatcherHeaderWriter(
        PAGES_AND_LOGIN,
        new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY));
  }

  static CookieCsrfTokenRepository csrfTokens() {
    CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
    tokens.setCookiePath("/");
    tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
    return tokens;
  }

  /**
   * After logging in: back to the page asked for, else the production page; always as a path, never
   * an absolute URL built from the request's Host header.
   */
  static AuthenticationSuccessHandler afterLogin() {
    SavedRequestAwareAuthenticationSuccessHandler handler =
        new SavedRequestAwareAuthenticationSuccessHandler();
    handler.setDefaultTargetUrl("/ui/production.html");
    handler.setRequestCache(savedPages());
    handler.setRedirectStrategy(
        (request, response, url) -> {
          URI target = URI.create(url);
          String path =
              target.isAbsolute()
                  ? target.getRawPath()
                      + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                  : url;
          response.sendRedirect(response.encodeRedirectURL(path));
        });
    return handler;
  }

  /** Pages go to the login form; everything else gets the API's 401 problem. */
  static AuthenticationEntryPoint entryPoint(AuthenticationEntryPoint api) {
    LoginUrlAuthenticationEntryPoint form = new LoginUrlAuthenticationEntryPoint(LOGIN);
    form.setFavorRelativeUris(true); // never the Host header in the redirect
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

  /** Why a request's session was ended, for the 401 that follows ({@link ProblemResponses}). */
  static final String ENDED = BrowserSessions.class.getName() + ".ended";

  /**
   * Ends a session whose user changed since logging in: disabled, roles or password changed, or an
   * admin ended their sessions (all move the user's credentials version on, {@link Users}). Checked
   * against the database on every request that rides on a logged-in session, so a change made
   * through any mes-core instance ends the sessions held by every other. The request then goes on
   * as an anonymous one: a page goes to the login form, an API call gets a 401 saying why.
   */
  @RequiredArgsConstructor
  static final class Validity extends OncePerRequestFilter {

    private final Users users;
    private final SecurityContextHolderStrategy contexts =
        SecurityContextHolder.getContextHolderStrategy();

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      HttpSession session = request.getSession(false);
      if (session != null) {
        Authentication auth = contexts.getContext().getAuthentication();
        if (auth != null
            && auth.getPrincipal() instanceof Users.Person person
            && !users.sessionValid(person.getUsername(), person.credentialsVersion())) {
          session.invalidate();
          contexts.clearContext();
          request.setAttribute(
              ENDED,
              "the session of '%s' has ended: the account was disabled, its roles or password"
                      .formatted(person.getUsername())
                  + " changed, or an admin ended its sessions; log in again");
        }
      }
      chain.doFilter(request, response);
    }
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
