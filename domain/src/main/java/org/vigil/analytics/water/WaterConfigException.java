package org.vigil.analytics.water;

import java.util.List;

/** Invalid water-level analytics settings; {@link #problems()} lists every problem, each naming its key. */
public class WaterConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public WaterConfigException(List<String> problems) {
    super("invalid water-level analytics configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
