package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.vigil.alerts.rules.Rules.HOUR;
import static org.vigil.alerts.rules.Rules.MIN;
import static org.vigil.alerts.rules.Rules.T0;
import static org.vigil.alerts.rules.Rules.m;
import static org.vigil.alerts.rules.Rules.rule;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

/** {@code autoResolveAfter}: an open alert whose sensor goes quiet resolves after the period, saying so. */
class AutoResolveTest {

  private static final String LEVEL = """
      - id: water-level
        metric: level_m
        scope: {kinds: [level]}
        condition: {type: threshold}
        levels:
          yellow: {raise: 2.0, clear: 1.5}
        autoResolveAfter: 2h
      """;

  private final RuleState s = new RuleState("water-level", "s1", "s1/level/w1");

  private static List<AlertEvent> at(RuleEngine e, RuleState s, long offset, double level) {
    return e.onMetrics(s, m("s1", SensorKind.LEVEL, "w1", offset, "level_m", level));
  }

  @Test
  void aQuietSensorsOpenAlertResolvesAfterThePeriodFromItsLastReading() {
    RuleEngine e = new RuleEngine(rule(LEVEL));
    assertThat(e.rule().autoResolveAfter()).isEqualTo(Duration.ofHours(2));
    AlertEvent opened = at(e, s, 0, 2.4).get(0);
    assertThat(at(e, s, 30 * MIN, 2.6)).isEmpty(); // still yellow; the last reading is at +30 min
    // Due 2 h after the last reading: +2h30m.
    assertThat(e.nextTimeMs(s)).isEqualTo(T0 + 150 * MIN);
    assertThat(e.onTime(s, T0 + 150 * MIN - 1)).isEmpty();
    List<AlertEvent> out = e.onTime(s, T0 + 3 * HOUR); // a late timer: stamped when it was due, not when it ran
    assertThat(out).singleElement().satisfies(r -> {
      assertThat(r.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(r.id()).isEqualTo(opened.id()).isEqualTo(AlertIds.of("water-level", "s1/level/w1", T0));
      assertThat(r.previousLevel()).isEqualTo(Level.YELLOW);
      assertThat(r.updatedAtMs()).isEqualTo(T0 + 150 * MIN);
      assertThat(r.message()).isEqualTo("Water level on s1/level/w1: resolved automatically, no reading for 2h "
          + "(the last at 2026-11-28T00:30:00.000Z, yellow)");
    });
    assertThat(s.isOpen()).isFalse();
    assertThat(e.nextTimeMs(s)).isEqualTo(Long.MAX_VALUE);
    assertThat(e.onTime(s, T0 + 10 * HOUR)).isEmpty();
    // The sensor is back, still high: a new alert, judged afresh.
    AlertEvent again = at(e, s, 4 * HOUR, 2.5).get(0);
    assertThat(again.state()).isEqualTo(AlertState.OPENED);
    assertThat(again.id()).isEqualTo(AlertIds.of("water-level", "s1/level/w1", T0 + 4 * HOUR));
  }

  @Test
  void readingsKeepItOpenAndNoAutoResolveMeansItWaitsForAClearingReading() {
    RuleEngine e = new RuleEngine(rule(LEVEL));
    at(e, s, 0, 2.4);
    for (int h = 1; h <= 5; h++) {
      assertThat(at(e, s, h * HOUR, 2.4)).isEmpty();
      assertThat(e.onTime(s, h * HOUR + T0 + HOUR)).isEmpty(); // each reading restarts the 2 h
    }
    RuleEngine plain = new RuleEngine(rule(LEVEL.replace("  autoResolveAfter: 2h\n", "")));
    RuleState p = new RuleState("water-level", "s1", "s1/level/w1");
    at(plain, p, 0, 2.4);
    assertThat(plain.nextTimeMs(p)).isEqualTo(Long.MAX_VALUE);
    assertThat(plain.onTime(p, T0 + 100 * HOUR)).isEmpty();
    assertThat(p.isOpen()).isTrue();
  }

  @Test
  void theFingerprintOfARuleWithoutItIsUnchangedAndWithItDiffers() {
    RuleDef plain = rule(LEVEL.replace("  autoResolveAfter: 2h\n", ""));
    RuleDef old = new RuleDef(plain.id(), plain.description(), plain.scope(), plain.metric(), plain.condition(),
        plain.levels(), plain.pending(), plain.keepFiring(), plain.deadman(), plain.explain());
    assertThat(plain.fingerprint()).isEqualTo(old.fingerprint());
    assertThat(rule(LEVEL).fingerprint()).isNotEqualTo(plain.fingerprint());
  }

  @Test
  void badUsesArePointedAtWithFileLineAndColumn() {
    String yaml = """
        rules:
          - id: a
            metric: level_m
            condition: {type: threshold}
            levels: {yellow: {raise: 2.0, clear: 1.5}}
            autoResolveAfter: soon
          - id: b
            condition: {type: deadman}
            levels: {yellow: {raise: 1, clear: 0}}
            autoResolveAfter: 1h
          - id: c
            metric: level_m
            condition: {type: threshold}
            levels: {yellow: {raise: 2.0, clear: 1.5}}
            deadman: {after: 1h, level: yellow}
            autoResolveAfter: 2h
        """;
    RuleSetInvalidException ex = catchThrowableOfType(RuleSetInvalidException.class,
        () -> RuleSetLoader.load(yaml, "rules.yaml", null));
    assertThat(ex).isNotNull();
    assertThat(ex.problems()).extracting(Problem::toString).contains(
        "rules.yaml:6:23: rule a: autoResolveAfter: 'soon' is not a duration: write 30s, 5m, 1h, 2d, 1h30m or "
            + "ISO-8601 such as PT5M",
        "rules.yaml:10:23: rule b: autoResolveAfter makes no sense on a deadman condition: its alert is about the "
            + "silence itself",
        "rules.yaml:16:23: rule c: autoResolveAfter and the deadman option contradict each other: silence cannot both "
            + "raise the alert and resolve it; keep one");
  }
}
