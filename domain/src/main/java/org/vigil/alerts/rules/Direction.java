package org.vigil.alerts.rules;

import java.util.Locale;

/**
 * Which side of a threshold is the hazard: {@code above} (the value reaching the raise threshold from below, e.g.
 * rainfall) or {@code below} (the value falling to it, e.g. hours left before a forecast failure, a falling pore
 * pressure). For {@code below} the clear threshold is at or above the raise threshold and higher levels have lower
 * raise thresholds.
 */
public enum Direction {
  ABOVE,
  BELOW;

  /** {@code above} or {@code below}, as written in rule files. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when {@code value} is on the hazard side of {@code threshold} or on it. */
  public boolean reaches(double value, double threshold) {
    return this == ABOVE ? value >= threshold : value <= threshold;
  }
}
