package org.unitrace.core.product;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a refused import with every error as a list ({@code errors}: where, field, message)
 * besides the summary in {@code detail}. Ordered first so the catch-all handler does not take it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ImportErrorsAdvice {

  @ExceptionHandler(ImportFailedException.class)
  ProblemDetail refused(ImportFailedException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Import refused");
    List<ImportError> errors = e.errors();
    problem.setProperty("errors", errors);
    return problem;
  }
}
