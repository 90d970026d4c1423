package org.unitrace.core.imports;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A write refused as a whole because of the rows it lists; nothing of it was applied. Answered 400
 * when the input itself is malformed, 409 when it is well formed but conflicts with the record (a
 * unit held, elsewhere, already shipped).
 */
public class ImportRejected extends RuntimeException {

  /** How many problems the answer lists at most; the count says how many there were. */
  static final int MAX_LISTED = 100;

  private final transient List<RowProblem> problems;
  private final boolean conflict;

  public ImportRejected(List<RowProblem> problems) {
    this(problems, false);
  }

  public ImportRejected(List<RowProblem> problems, boolean conflict) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
    this.conflict = conflict;
  }

  public List<RowProblem> problems() {
    return problems;
  }

  public boolean conflict() {
    return conflict;
  }

  private static String summary(List<RowProblem> problems) {
    String listed =
        problems.stream()
            .limit(MAX_LISTED)
            .map(RowProblem::describe)
            .collect(Collectors.joining("; "));
    return "nothing applied, %d problem%s: %s%s"
        .formatted(
            problems.size(),
            problems.size() == 1 ? "" : "s",
            listed,
            problems.size() > MAX_LISTED ? "; ..." : "");
  }
}
