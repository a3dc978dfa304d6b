package org.vigil.alerts.rule;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.vigil.core.Level;

/**
 * Per-level raise and clear thresholds for one metric, lowest level first, with the hysteresis logic that moves an
 * alert between levels.
 *
 * <p>From level {@code c}, a value {@code v}:
 *
 * <ul>
 *   <li>escalates to the highest level whose raise threshold {@code v} reaches, if that is above {@code c};
 *   <li>otherwise, while {@code v} is below the clear threshold of the current level, steps down one configured
 *       level (to {@link Level#NONE} below the lowest), so a fall ends at the highest level whose clear threshold
 *       {@code v} still reaches;
 *   <li>otherwise stays.
 * </ul>
 */
public final class LevelThresholds implements Serializable {

  private final List<LevelBand> bands;

  /** Validates and keeps the bands; reports every problem at once. */
  public LevelThresholds(List<LevelBand> bands) {
    List<String> problems = problems(bands);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid thresholds: " + String.join("; ", problems));
    }
    this.bands = List.copyOf(bands);
  }

  /** Every problem with the given bands, empty when they are valid. */
  public static List<String> problems(List<LevelBand> bands) {
    List<String> problems = new ArrayList<>();
    if (bands == null || bands.isEmpty()) {
      problems.add("at least one level is needed");
      return problems;
    }
    LevelBand prev = null;
    for (LevelBand b : bands) {
      String name = b.level().wireName();
      if (b.level() == Level.NONE) {
        problems.add("'none' is not a level that can be alerted on");
      }
      if (!Double.isFinite(b.raise()) || !Double.isFinite(b.clear())) {
        problems.add(name + ": thresholds must be finite numbers");
      }
      if (b.clear() > b.raise()) {
        problems.add(
            name + ": clear threshold " + b.clear() + " is above the raise threshold " + b.raise()
                + " (it must be at or below it)");
      }
      if (prev != null) {
        if (!b.level().isAbove(prev.level())) {
          problems.add(name + " must come after " + prev.level().wireName() + " (levels lowest first, each once)");
        } else {
          if (b.raise() <= prev.raise()) {
            problems.add(
                name + ": raise threshold " + b.raise() + " must be above " + prev.level().wireName() + "'s "
                    + prev.raise());
          }
          if (b.clear() < prev.clear()) {
            problems.add(
                name + ": clear threshold " + b.clear() + " must not be below " + prev.level().wireName() + "'s "
                    + prev.clear());
          }
        }
      }
      prev = b;
    }
    return problems;
  }

  /**
   * Parses {@code "blue:10/6,yellow:20/15,orange:30/24,red:50/40"}: per level, the raise threshold, a slash and the
   * clear threshold (the clear part may be left out, then it equals the raise threshold). Reports every problem.
   */
  public static LevelThresholds parse(String spec) {
    List<LevelBand> bands = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String part : spec == null ? new String[0] : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.indexOf(':');
      if (colon < 0) {
        problems.add("'" + p + "' is not level:raise/clear, e.g. yellow:20/15");
        continue;
      }
      try {
        Level level = Level.fromWire(p.substring(0, colon).trim());
        String[] nums = p.substring(colon + 1).split("/");
        double raise = Double.parseDouble(nums[0].trim());
        double clear = nums.length > 1 ? Double.parseDouble(nums[1].trim()) : raise;
        if (nums.length > 2) {
          problems.add("'" + p + "' has more than two thresholds");
        }
        bands.add(new LevelBand(level, raise, clear));
      } catch (IllegalArgumentException e) {
        problems.add("'" + p + "': " + e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(problems(bands));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid levels '" + spec + "': " + String.join("; ", problems));
    }
    return new LevelThresholds(bands);
  }

  public List<LevelBand> bands() {
    return bands;
  }

  /** The level after seeing {@code value} while at {@code current}; NaN leaves the level unchanged. */
  public Level next(Level current, double value) {
    if (Double.isNaN(value)) {
      return current;
    }
    Level raised = Level.NONE;
    for (LevelBand b : bands) {
      if (value >= b.raise()) {
        raised = b.level();
      }
    }
    if (raised.isAbove(current)) {
      return raised;
    }
    int i = indexOf(current);
    while (i >= 0 && value < bands.get(i).clear()) {
      i--;
    }
    return i < 0 ? Level.NONE : bands.get(i).level();
  }

  /** The band of a level, or null when the level is not configured. */
  public LevelBand band(Level level) {
    for (LevelBand b : bands) {
      if (b.level() == level) {
        return b;
      }
    }
    return null;
  }

  private int indexOf(Level level) {
    // A level that is not configured (e.g. after a rule change) counts as the highest configured level below it.
    int idx = -1;
    for (int i = 0; i < bands.size(); i++) {
      if (!bands.get(i).level().isAbove(level)) {
        idx = i;
      }
    }
    return idx;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LevelThresholds t && t.bands.equals(bands);
  }

  @Override
  public int hashCode() {
    return bands.hashCode();
  }

  @Override
  public String toString() {
    return "LevelThresholds" + bands;
  }
}
