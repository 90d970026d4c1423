package org.unitrace.core.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * 401, 403 and the firewall's 400 as problem bodies that say why, like every other error of the
 * API.
 */
@Component
@RequiredArgsConstructor
class ProblemResponses
    implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

  private final ObjectMapper json;

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
      // not to the pages' own requests: a browser would answer with its password dialog
      response.setHeader("WWW-Authenticate", "Bearer, Basic realm=\"unitrace\"");
    }
    Object ended = request.getAttribute(BrowserSessions.ENDED);
    String detail =
        ended != null
            ? ended.toString()
            : request.getHeader("Authorization") == null
                ? "authentication required: a bearer token (API token or JWT) or a user's password"
                : "not authenticated: " + e.getMessage();
    write(response, request, HttpStatus.UNAUTHORIZED, detail);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    if (e instanceof CsrfException) {
      write(
          response,
          request,
          HttpStatus.FORBIDDEN,
          "%s %s on a browser session needs the CSRF token (header X-XSRF-TOKEN from the"
                  .formatted(request.getMethod(), request.getRequestURI())
              + " XSRF-TOKEN cookie): "
              + e.getMessage());
      return;
    }
    write(
        response,
        request,
        HttpStatus.FORBIDDEN,
        "%s %s is not allowed for %s"
            .formatted(
                request.getMethod(),
                request.getRequestURI(),
                request.getUserPrincipal() == null
                    ? "this caller"
                    : request.getUserPrincipal().getName()));
  }

  /** A URL the firewall refuses (an encoded slash, a semicolon, {@code ..}): the caller's fault. */
  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
      throws IOException {
    write(response, request, HttpStatus.BAD_REQUEST, "request rejected: " + e.getMessage());
  }

  void write(
      HttpServletResponse response, HttpServletRequest request, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    try {
      problem.setInstance(new URI(request.getRequestURI()));
    } catch (URISyntaxException notAUri) {
      // a path the firewall refused need not be a URI: leave it out
    }
    response.setStatus(status.value());
    response.setContentType("application/problem+json");
    json.writeValue(response.getOutputStream(), problem);
  }
}
