package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
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

/** The hysteresis of {@link Levels} in both directions, and the checks its bands pass when a ruleset is read. */
class LevelsTest {

  /** Raise 10/20/30/50 mm, clear 6/15/24/40 mm. */
  static final List<LevelBand> RAIN_BANDS = List.of(new LevelBand(BLUE, 10, 6), new LevelBand(YELLOW, 20, 15),
      new LevelBand(ORANGE, 30, 24), new LevelBand(RED, 50, 40));

  static final Levels RAIN = new Levels(RAIN_BANDS, Direction.ABOVE, false);

  /** The same bands mirrored for a falling hazard: raise -10/-20/-30/-50, clear -6/-15/-24/-40. */
  static final Levels FALLING = new Levels(RAIN_BANDS.stream()
      .map(b -> new LevelBand(b.level(), -b.raise(), -b.clear())).toList(), Direction.BELOW, false);

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
    // A hazard below its thresholds moves exactly as the mirror image.
    assertThat(FALLING.next(current, -value)).isEqualTo(expected);
  }

  @Test
  void aValueBetweenClearAndRaiseDoesNotReopen() {
    // From nothing, 8 mm is below blue's raise (10) even though it is above blue's clear (6).
    assertThat(RAIN.next(NONE, 8)).isEqualTo(NONE);
    assertThat(FALLING.next(NONE, -8)).isEqualTo(NONE);
  }

  @Test
  void nanKeepsTheLevel() {
    assertThat(RAIN.next(ORANGE, Double.NaN)).isEqualTo(ORANGE);
    assertThat(FALLING.next(ORANGE, Double.NaN)).isEqualTo(ORANGE);
  }

  @Test
  void skippedLevelsAreStepsToo() {
    Levels yellowRed = new Levels(List.of(new LevelBand(YELLOW, 20, 15), new LevelBand(RED, 50, 40)),
        Direction.ABOVE, false);
    assertThat(yellowRed.next(NONE, 30)).isEqualTo(YELLOW);
    assertThat(yellowRed.next(RED, 39)).isEqualTo(YELLOW);
    assertThat(yellowRed.next(RED, 14)).isEqualTo(NONE);
    // Orange is not configured: an alert held at orange (from an older rule) falls as if it were yellow.
    assertThat(yellowRed.next(ORANGE, 16)).isEqualTo(YELLOW);
    // Falling from red to nothing leaves yellow last: its clear threshold is the one reported.
    assertThat(yellowRed.clearLeft(RED, NONE)).isEqualTo(15);
    assertThat(yellowRed.clearLeft(RED, YELLOW)).isEqualTo(40);
  }

  @Test
  void belowThresholdsAreReachedFromAbove() {
    // Hours left before a forecast failure: yellow within 72 h, orange 24 h, red 6 h; clears at 80, 30, 8 h.
    Levels hours = new Levels(List.of(new LevelBand(YELLOW, 72, 80), new LevelBand(ORANGE, 24, 30),
        new LevelBand(RED, 6, 8)), Direction.BELOW, false);
    assertThat(hours.next(NONE, 100)).isEqualTo(NONE);
    assertThat(hours.next(NONE, 72)).isEqualTo(YELLOW);
    assertThat(hours.next(NONE, 5)).isEqualTo(RED);
    assertThat(hours.next(RED, 7)).isEqualTo(RED); // within red's clear (8)
    assertThat(hours.next(RED, 9)).isEqualTo(ORANGE); // past 8, within orange's clear (30)
    assertThat(hours.next(RED, 31)).isEqualTo(YELLOW);
    assertThat(hours.next(YELLOW, 80)).isEqualTo(YELLOW);
    assertThat(hours.next(YELLOW, 80.5)).isEqualTo(NONE);
  }

  @Test
  void aStrictConditionNeedsAValueBeyondTheThreshold() {
    Levels above = new Levels(List.of(new LevelBand(YELLOW, 1, 1)), Direction.ABOVE, true);
    assertThat(above.next(NONE, 1)).isEqualTo(NONE);
    assertThat(above.next(NONE, Math.nextUp(1.0))).isEqualTo(YELLOW);
    assertThat(above.next(YELLOW, 1)).isEqualTo(NONE); // on the clear threshold is no longer beyond it
    Levels below = new Levels(List.of(new LevelBand(YELLOW, 1, 1)), Direction.BELOW, true);
    assertThat(below.next(NONE, 1)).isEqualTo(NONE);
    assertThat(below.next(NONE, Math.nextDown(1.0))).isEqualTo(YELLOW);
  }

  @Test
  void theBandsAreCheckedOnceWhenTheRulesetIsReadWithEveryProblemAtOnce() {
    RuleSetInvalidException e = catchThrowableOfType(RuleSetInvalidException.class, () -> RuleSetLoader.parse("""
        rules:
          - id: rain-1h
            metric: rain_1h
            condition: {type: threshold}
            levels:
              yellow: {raise: 20, clear: 25}
              blue: {raise: 30, clear: 26}
              red: {raise: 15, clear: 10}
              purple: 5
          - id: forecast
            metric: forecast_failure_ts
            condition: {type: forecast_within}
            levels: {yellow: Infinity, red: x}
        """, "rules.yaml"));
    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains(
        "yellow: clear threshold 25 is on the wrong side of raise 20"))
        .anySatisfy(m -> assertThat(m).contains("yellow: raise threshold 20 must be above blue's raise 30"))
        .anySatisfy(m -> assertThat(m).contains("red: raise threshold 15 must be above"))
        .anySatisfy(m -> assertThat(m).contains("purple"))
        .anySatisfy(m -> assertThat(m).contains("yellow must be a number of hours or a duration")
            .contains("'Infinity'"))
        .anySatisfy(m -> assertThat(m).contains("red must be a number of hours or a duration").contains("'x'"));
  }

  @Test
  void theConfigurationFormatGivesTheBands() {
    RuleDef r = Rules.rule("""
        - id: rain-1h
          metric: rain_1h
          condition: {type: threshold}
          levels:
            blue: {raise: 10, clear: 6}
            yellow: {raise: 20, clear: 15}
            red: 50
            orange: {raise: 30, clear: 24}
        """);
    assertThat(r.levels()).containsExactly(new LevelBand(BLUE, 10, 6), new LevelBand(YELLOW, 20, 15),
        new LevelBand(ORANGE, 30, 24), new LevelBand(RED, 50, 50));
    assertThat(Levels.of(r).bands()).isEqualTo(r.levels());
    assertThat(Levels.of(r).direction()).isEqualTo(Direction.ABOVE);
    assertThat(Rules.bands("blue:10/6, yellow:20/15,orange:30/24,red:50/40")).isEqualTo(RAIN_BANDS);
  }
}
