package org.vigil.analytics.rain;

import java.util.List;

/**
 * Rainfall settings or a custom intensity–duration curve that cannot be used. The message lists every problem found,
 * not just the first, so one edit fixes a configuration.
 */
public class RainConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public RainConfigException(String what, List<String> problems) {
    super(what + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem on its own, e.g. {@code "VIGIL_RAIN_ANTECEDENT_DECAY: 1.5 is not in (0, 1]"}. */
  public List<String> problems() {
    return problems;
  }
}
