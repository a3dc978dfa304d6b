package org.vigil.alerts.rules;

import java.util.List;
import org.vigil.core.Level;

/**
 * A rule's level bands, lowest level first, judged in the condition's {@link Direction}: the hysteresis that moves
 * an alert between levels. The bands are the ones {@link LevelsParser} checked when the ruleset was read (raise
 * thresholds further in the hazard's direction with each level, clear thresholds on the safe side of raise, no
 * overlap); they are not checked again here.
 *
 * <p>A value {@code v} <em>reaches</em> a threshold {@code t} when {@code v >= t} ({@code above}) or {@code v <= t}
 * ({@code below}); a strict condition asks for {@code v > t} or {@code v < t}. From level {@code c}, a value:
 *
 * <ul>
 *   <li>escalates to the highest level whose raise threshold it reaches, if that is above {@code c};
 *   <li>otherwise, while it does not reach the clear threshold of the current level, steps down one configured level
 *       (to {@link Level#NONE} below the lowest), so a fall ends at the highest level whose clear threshold it still
 *       reaches; a level that is not configured (an alert held at it under an older rule) counts as the highest
 *       configured level below it;
 *   <li>otherwise stays. NaN leaves the level unchanged.
 * </ul>
 */
public final class Levels {

  private final List<LevelBand> bands;
  private final Direction direction;
  private final boolean strict;

  /**
   * @param bands checked bands, lowest level first
   * @param direction the side of the thresholds that is the hazard
   * @param strict a threshold is reached only beyond it, not on it
   */
  public Levels(List<LevelBand> bands, Direction direction, boolean strict) {
    this.bands = List.copyOf(bands);
    this.direction = direction;
    this.strict = strict;
  }

  /** The levels of a rule as read from its ruleset, in its condition's direction and strictness. */
  public static Levels of(RuleDef rule) {
    return new Levels(rule.levels(), rule.condition().direction(), rule.condition().strict());
  }

  public List<LevelBand> bands() {
    return bands;
  }

  public Direction direction() {
    return direction;
  }

  /** True when {@code value} reaches {@code threshold} in this direction (beyond it, when strict). */
  public boolean reaches(double value, double threshold) {
    if (strict && value == threshold) {
      return false;
    }
    return direction.reaches(value, threshold);
  }

  /** The highest level whose raise threshold {@code value} reaches, or NONE. */
  public Level raised(double value) {
    Level raised = Level.NONE;
    for (LevelBand b : bands) {
      if (reaches(value, b.raise())) {
        raised = b.level();
      }
    }
    return raised;
  }

  /** The level after seeing {@code value} while at {@code current}; NaN leaves the level unchanged. */
  public Level next(Level current, double value) {
    if (Double.isNaN(value)) {
      return current;
    }
    Level raised = raised(value);
    if (raised.isAbove(current)) {
      return raised;
    }
    int i = indexOf(current);
    while (i >= 0 && !reaches(value, bands.get(i).clear())) {
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

  /** The clear threshold of the lowest configured level left when falling from {@code from} to {@code to}. */
  public double clearLeft(Level from, Level to) {
    for (LevelBand b : bands) {
      if (b.level().isAbove(to) && !b.level().isAbove(from)) {
        return b.clear();
      }
    }
    return Double.NaN;
  }

  private int indexOf(Level level) {
    int idx = -1;
    for (int i = 0; i < bands.size(); i++) {
      if (!bands.get(i).level().isAbove(level)) {
        idx = i;
      }
    }
    return idx;
  }

  @Override
  public String toString() {
    return "Levels" + bands + " " + direction.wireName() + (strict ? " strict" : "");
  }
}
