package org.vigil.core.settings;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Settings that cannot be used, with every problem found at once (key, value, what is wrong, what to do), so a person
 * fixes them in one round rather than one start per mistake.
 */
public class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Problems already written as sentences that name their key (a component's own validation), after {@code what}:
   * the message is {@code what: first; second; ...}.
   */
  public ConfigException(String what, List<String> lines) {
    super(what + ": " + String.join("; ", lines));
    this.problems = lines.stream().map(l -> new Problem("", null, l, "")).toList();
  }

  /** One problem of one key. */
  public ConfigException(String key, String value, String what, String fix) {
    this(List.of(new Problem(key, value, what, fix)));
  }

  /** Every problem, in the order found. */
  public List<Problem> details() {
    return problems;
  }

  /** Every problem as one line ({@link Problem#toString()}), in the order found. */
  public List<String> problems() {
    return problems.stream().map(Problem::toString).toList();
  }

  private static String message(List<Problem> problems) {
    return problems.size() == 1
        ? "invalid setting: " + problems.get(0)
        : "invalid settings (" + problems.size() + "):\n  - "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  - "));
  }

  /**
   * One problem.
   *
   * @param key the setting (or a key derived from one, such as {@code VIGIL_WEBHOOK_2_TIMEOUT}); empty when
   *     {@code what} names it
   * @param value the value as given, {@code ****} for a secret, null when the problem is a missing value
   * @param what what is wrong
   * @param fix what to do; may be empty
   */
  public record Problem(String key, String value, String what, String fix) {
    @Override
    public String toString() {
      String where = key.isEmpty() ? "" : key + (value == null ? "" : "='" + value + "'") + ": ";
      return where + what
          + (fix == null || fix.isEmpty() ? "" : " (" + fix + ")");
    }
  }
}
