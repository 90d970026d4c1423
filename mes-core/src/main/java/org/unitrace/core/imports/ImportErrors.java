package org.unitrace.core.imports;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A rejected import as a problem body whose {@code errors} list each row and field ({@code {row,
 * field, problem}}), so a client can point at the cell to fix. Ordered before the general handlers,
 * which would take it for a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ImportErrors {

  @ExceptionHandler(ImportRejected.class)
  ProblemDetail rejected(ImportRejected e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            e.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Import refused");
    problem.setProperty("errors", e.problems().stream().limit(ImportRejected.MAX_LISTED).toList());
    problem.setProperty("errorCount", e.problems().size());
    return problem;
  }
}
