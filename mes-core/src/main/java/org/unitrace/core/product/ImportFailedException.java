package org.unitrace.core.product;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An import or master-data request refused as a whole, with every error found (not just the first),
 * so a planner fixes the file once. Answered 400 with the errors listed.
 */
public class ImportFailedException extends IllegalArgumentException {

  private static final int SHOWN_IN_MESSAGE = 5;

  private final transient List<ImportError> errors;

  public ImportFailedException(String what, List<ImportError> errors) {
    super(summary(what, errors));
    this.errors = List.copyOf(errors);
  }

  public List<ImportError> errors() {
    return errors;
  }

  private static String summary(String what, List<ImportError> errors) {
    String shown =
        errors.stream()
            .limit(SHOWN_IN_MESSAGE)
            .map(ImportError::toString)
            .collect(Collectors.joining("; "));
    String more =
        errors.size() > SHOWN_IN_MESSAGE
            ? "; and %d more".formatted(errors.size() - SHOWN_IN_MESSAGE)
            : "";
    return "%s refused, nothing was changed: %d error%s: %s%s"
        .formatted(what, errors.size(), errors.size() == 1 ? "" : "s", shown, more);
  }
}
