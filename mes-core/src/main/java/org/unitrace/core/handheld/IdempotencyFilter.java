package org.unitrace.core.handheld;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Applies a change sent with an {@code Idempotency-Key} header (a UUID the device made) once. The
 * key is claimed in the transaction that does the work, so the work and the key commit together: a
 * resend waits for the first to finish, then gets its answer (status, body) again with {@code
 * Idempotent-Replayed: true} and nothing is done twice. A refusal (4xx) is kept too, so a resend
 * gets the same refusal; a server error (5xx) is not, and may be retried. The same key from another
 * user or for another request is refused (422). Runs after security: only authenticated requests
 * reach it.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

  static final String HEADER = "Idempotency-Key";
  private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final IdempotentRequests store;
  private final TransactionTemplate transactions;
  private final ObjectMapper json;

  IdempotencyFilter(
      IdempotentRequests store, PlatformTransactionManager transactions, ObjectMapper json) {
    this.store = store;
    this.transactions = new TransactionTemplate(transactions);
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getHeader(HEADER) == null
        || !CHANGES.contains(request.getMethod())
        || !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    UUID key;
    try {
      key = UUID.fromString(request.getHeader(HEADER).strip());
    } catch (IllegalArgumentException e) {
      problem(
          response,
          HttpStatus.BAD_REQUEST,
          "header %s must be a UUID, was '%s'".formatted(HEADER, request.getHeader(HEADER)));
      return;
    }
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    if (caller == null || caller instanceof AnonymousAuthenticationToken) {
      chain.doFilter(request, response);
      return;
    }
    IdempotentRequests.Claim claim =
        new IdempotentRequests.Claim(
            key, caller.getName(), request.getMethod(), request.getRequestURI());
    ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
    IdempotentRequests.Stored[] replay = new IdempotentRequests.Stored[1];
    boolean[] failed = new boolean[1];
    try {
      transactions.executeWithoutResult(
          tx -> {
            replay[0] = store.claim(claim).orElse(null);
            if (replay[0] != null) {
              return;
            }
            try {
              chain.doFilter(request, wrapper);
            } catch (IOException | ServletException e) {
              throw new WrappedFailure(e);
            }
            if (wrapper.getStatus() >= 400 || tx.isRollbackOnly()) {
              failed[0] = true;
              tx.setRollbackOnly();
            } else {
              store.answer(key, wrapper.getStatus(), wrapper.getContentType(), body(wrapper));
            }
          });
    } catch (WrappedFailure e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw (ServletException) e.getCause();
    }
    if (replay[0] != null) {
      replay(claim, replay[0], response);
      return;
    }
    if (failed[0] && wrapper.getStatus() < 500) {
      store.refusal(claim, wrapper.getStatus(), wrapper.getContentType(), body(wrapper));
    }
    wrapper.copyBodyToResponse();
  }

  private void replay(
      IdempotentRequests.Claim claim, IdempotentRequests.Stored stored, HttpServletResponse out)
      throws IOException {
    if (!stored.username().equals(claim.username())
        || !stored.method().equals(claim.method())
        || !stored.path().equals(claim.path())) {
      problem(
          out,
          HttpStatus.UNPROCESSABLE_ENTITY,
          "%s %s was used already for another request (%s %s by another or the same user);"
                  .formatted(HEADER, claim.key(), stored.method(), stored.path())
              + " make a new key for each new request");
      return;
    }
    if (stored.status() == null) {
      problem(
          out,
          HttpStatus.CONFLICT,
          "the request with %s %s is still being answered".formatted(HEADER, claim.key()));
      return;
    }
    out.setStatus(stored.status());
    out.setHeader("Idempotent-Replayed", "true");
    if (stored.contentType() != null) {
      out.setContentType(stored.contentType());
    }
    if (stored.body() != null) {
      out.getOutputStream().write(stored.body());
    }
  }

  private static byte[] body(ContentCachingResponseWrapper wrapper) {
    return wrapper.getContentAsByteArray();
  }

  private void problem(HttpServletResponse out, HttpStatus status, String detail)
      throws IOException {
    out.setStatus(status.value());
    out.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(out.getOutputStream(), ProblemDetail.forStatusAndDetail(status, detail));
  }

  /** Carries a checked failure of the filter chain out of the transaction callback. */
  private static final class WrappedFailure extends RuntimeException {
    WrappedFailure(Exception cause) {
      super(cause);
    }
  }
}
