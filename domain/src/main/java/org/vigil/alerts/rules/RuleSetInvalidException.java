package org.vigil.alerts.rules;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A rule file that cannot be used, with every problem found in it (never just the first). */
public class RuleSetInvalidException extends RuntimeException {

  private final transient List<Problem> problems;

  /** Keeps the problems sorted by line and column (stable for problems on one spot). */
  public RuleSetInvalidException(List<Problem> problems) {
    this(problems.stream()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
        .toList(), true);
  }

  private RuleSetInvalidException(List<Problem> problems, boolean sorted) {
    super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the ruleset:\n"
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order of the file. */
  public List<Problem> problems() {
    return problems;
  }
}
