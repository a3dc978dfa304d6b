package org.vigil.connectors.influx;

import java.util.Objects;

/**
 * Lines of line protocol that InfluxDB has not confirmed yet, each ending in {@code \n}: what the
 * sink's writer hands to its background sender, and what it keeps in checkpoints (its writer state).
 *
 * @param body the lines
 * @param lines how many lines {@code body} holds
 */
public record LineBatch(String body, int lines) {

  public LineBatch {
    Objects.requireNonNull(body, "body");
    if (lines < 0) {
      throw new IllegalArgumentException("lines must be >= 0, was " + lines);
    }
  }
}
