package org.vigil.analytics.slope;

import java.util.List;

/** Invalid slope analytics settings; {@link #problems()} lists every problem found, each naming its key or field. */
public class SlopeConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public SlopeConfigException(List<String> problems) {
    super("invalid slope analytics configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
