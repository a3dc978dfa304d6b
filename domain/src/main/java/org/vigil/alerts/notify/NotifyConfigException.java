package org.vigil.alerts.notify;

import java.util.List;

/** Invalid noise-control settings; the message lists every problem. */
public class NotifyConfigException extends RuntimeException {

  private final List<String> problems;

  public NotifyConfigException(List<String> problems) {
    super("invalid notification settings: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
