package org.vigil.alerts.webhook;

import java.util.List;

/** Invalid webhook configuration; {@link #problems()} lists every problem found, not just the first. */
public class WebhookConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public WebhookConfigException(List<String> problems) {
    super("invalid webhook configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
