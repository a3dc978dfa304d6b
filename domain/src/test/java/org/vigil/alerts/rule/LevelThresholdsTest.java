package org.vigil.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.core.Level.BLUE;
import static org.vigil.core.Level.NONE;
import static org.vigil.core.Level.ORANGE;
import static org.vigil.core.Level.RED;
import static org.vigil.core.Level.YELLOW;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.core.Level;

class LevelThresholdsTest {

  /** Raise 10/20/30/50 mm, clear 6/15/24/40 mm. */
  static final LevelThresholds RAIN =
      new LevelThresholds(
          List.of(
              new LevelBand(BLUE, 10, 6),
              new LevelBand(YELLOW, 20, 15),
              new LevelBand(ORANGE, 30, 24),
              new LevelBand(RED, 50, 40)));

  @ParameterizedTest(name = "at {0}, value {1} -> {2}")
  @CsvSource({
    // rising: the highest level reached, straight from nothing
    "NONE, 9.99, NONE",
    "NONE, 10, BLUE",
    "NONE, 29.9, YELLOW",
    "NONE, 50, RED",
    "BLUE, 35, ORANGE",
    // hysteresis: between clear and raise, the level holds
    "BLUE, 6, BLUE",
    "BLUE, 9, BLUE",
    "YELLOW, 15, YELLOW",
    "RED, 40, RED",
    "RED, 45, RED",
    // falling: below the clear threshold, step down until the clear threshold is met
    "BLUE, 5.99, NONE",
    "YELLOW, 14.9, BLUE",
    "RED, 39.9, ORANGE",
    "RED, 28, ORANGE",
    "RED, 23, YELLOW",
    "RED, 12, BLUE",
    "RED, 0, NONE",
    "ORANGE, 14, BLUE",
  })
  void movesBetweenLevels(Level current, double value, Level expected) {
    assertThat(RAIN.next(current, value)).isEqualTo(expected);
  }

  @Test
  void aValueBetweenClearAndRaiseDoesNotReopen() {
    // From nothing, 8 mm is below blue's raise (10) even though it is above blue's clear (6).
    assertThat(RAIN.next(NONE, 8)).isEqualTo(NONE);
  }

  @Test
  void nanKeepsTheLevel() {
    assertThat(RAIN.next(ORANGE, Double.NaN)).isEqualTo(ORANGE);
  }

  @Test
  void skippedLevelsAreStepsToo() {
    LevelThresholds yellowRed = new LevelThresholds(List.of(new LevelBand(YELLOW, 20, 15), new LevelBand(RED, 50, 40)));
    assertThat(yellowRed.next(NONE, 30)).isEqualTo(YELLOW);
    assertThat(yellowRed.next(RED, 39)).isEqualTo(YELLOW);
    assertThat(yellowRed.next(RED, 14)).isEqualTo(NONE);
    // Orange is not configured: an alert held at orange (from an older rule) falls as if it were yellow.
    assertThat(yellowRed.next(ORANGE, 16)).isEqualTo(YELLOW);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                new LevelThresholds(
                    List.of(
                        new LevelBand(YELLOW, 20, 25), // clear above raise
                        new LevelBand(BLUE, 30, 26), // out of order
                        new LevelBand(RED, 15, 10)))) // raise not above blue's... and clear below
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("yellow: clear threshold 25.0 is above the raise threshold 20.0")
        .hasMessageContaining("blue must come after yellow")
        .hasMessageContaining("red: raise threshold 15.0 must be above blue's 30.0")
        .hasMessageContaining("red: clear threshold 10.0 must not be below blue's 26.0");
    assertThat(LevelThresholds.problems(List.of())).containsExactly("at least one level is needed");
  }

  @Test
  void parsesTheConfigurationFormat() {
    assertThat(LevelThresholds.parse("blue:10/6, yellow:20/15,orange:30/24,red:50/40")).isEqualTo(RAIN);
    assertThat(LevelThresholds.parse("red:50").bands()).containsExactly(new LevelBand(RED, 50, 50));
    assertThatThrownBy(() -> LevelThresholds.parse("purple:10/5,red:x"))
        .hasMessageContaining("unknown level 'purple'")
        .hasMessageContaining("'red:x'");
    assertThatThrownBy(() -> LevelThresholds.parse("red:50/60")).hasMessageContaining("above the raise threshold");
  }
}
