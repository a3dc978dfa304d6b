package org.vigil.registry;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.vigil.alerts.rules.Problem;

/** A registry file that cannot be used, with every problem found in it, in the order of the file. */
public class RegistryInvalidException extends RuntimeException {

  private final transient List<Problem> problems;

  public RegistryInvalidException(List<Problem> problems) {
    this(problems.stream()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
        .toList(), true);
  }

  private RegistryInvalidException(List<Problem> sorted, boolean unused) {
    super(sorted.size() + (sorted.size() == 1 ? " problem" : " problems") + " in the registry:\n"
        + sorted.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(sorted);
  }

  /** Every problem, {@code file:line:column: message}, in the order of the file. */
  public List<Problem> problems() {
    return problems;
  }
}
