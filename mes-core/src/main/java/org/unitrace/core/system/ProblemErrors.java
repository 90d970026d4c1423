package org.unitrace.core.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page every error the servlet container handles ends on (an exception that escaped a
 * filter, a {@code sendError}), as a problem body like the API's own errors, in place of Spring
 * Boot's. Asked for directly it is a 404: there is no error to tell (Boot's answered status 999).
 */
@RestController
class ProblemErrors implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // e.g. a filter checking a login throttle while the database is away: not the caller's fault,
    // and nothing took effect
    boolean databaseAway =
        request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t
            && DatabaseFault.of(t).isPresent();
    HttpStatus status;
    if (databaseAway) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
    } else {
      status =
          code instanceof Integer c && HttpStatus.resolve(c) != null && c >= 400
              ? HttpStatus.valueOf(c)
              : HttpStatus.NOT_FOUND;
    }
    String detail;
    if (databaseAway) {
      detail = DatabaseFault.ANSWER;
    } else if (code == null) {
      detail = "no such resource: " + request.getRequestURI();
    } else if (status.is5xxServerError()) {
      detail = "internal error; the server log has the details";
    } else {
      Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
      detail =
          message instanceof String m && !m.isBlank() ? m : status.getReasonPhrase().toLowerCase();
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (uri instanceof String path) {
      try {
        problem.setInstance(new URI(path));
      } catch (URISyntaxException notAUri) {
        // leave it out rather than fail the error page
      }
    }
    return ResponseEntity.status(status)
        .headers(
            h -> {
              if (databaseAway) {
                h.set(HttpHeaders.RETRY_AFTER, DatabaseFault.RETRY_AFTER_SECONDS);
              }
            })
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
