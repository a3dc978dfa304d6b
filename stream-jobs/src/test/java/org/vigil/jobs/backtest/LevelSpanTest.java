package org.vigil.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

class LevelSpanTest {

  private static final long H = 3_600_000L;

  private static AlertEvent e(String id, Level from, Level to, AlertState state, long atH, long startH) {
    return new AlertEvent(id, "r", "s", "s/rain/g", to, from, state, 1, 1, startH * H, atH * H, "");
  }

  private static final Map<String, Set<Level>> ALL = Map.of();

  @Test
  void anAlertIsOneSpanPerLevelItReached() {
    // opened yellow at 1, escalated red at 2, de-escalated yellow at 4, resolved at 6.
    List<AlertEvent> a = List.of(e("a", Level.NONE, Level.YELLOW, AlertState.OPENED, 1, 1),
        e("a", Level.YELLOW, Level.RED, AlertState.ESCALATED, 2, 1),
        e("a", Level.RED, Level.YELLOW, AlertState.DE_ESCALATED, 4, 1),
        e("a", Level.YELLOW, Level.NONE, AlertState.RESOLVED, 6, 1));
    List<LevelSpan> s = LevelSpan.of(a, 0, 100 * H, Map.of("r", Set.of(Level.YELLOW, Level.RED)));
    assertThat(s).extracting(x -> x.level() + " " + x.startMs() / H + "-" + x.endMs() / H)
        .containsExactly("YELLOW 1-6", "RED 2-4");
    // Without the rule's levels every level up to the one reached counts (blue and orange too).
    assertThat(LevelSpan.of(a, 0, 100 * H, ALL)).extracting(LevelSpan::level)
        .containsExactly(Level.BLUE, Level.YELLOW, Level.ORANGE, Level.RED);
  }

  @Test
  void spansInTheWarmUpAreDroppedAndOpenOnesRunOn() {
    List<AlertEvent> a = List.of(e("a", Level.NONE, Level.RED, AlertState.OPENED, 1, 1),
        e("a", Level.RED, Level.NONE, AlertState.RESOLVED, 2, 1),
        e("b", Level.NONE, Level.RED, AlertState.OPENED, 8, 8),
        e("c", Level.NONE, Level.RED, AlertState.OPENED, 12, 12));
    Map<String, Set<Level>> red = Map.of("r", Set.of(Level.RED));
    // period [10, 20): a ended at 2 (dropped); b open since 8 (kept, opened in the warm-up); c open at the end.
    List<LevelSpan> s = LevelSpan.of(a, 10 * H, 20 * H, red);
    assertThat(s).extracting(LevelSpan::alertId).containsExactly("b", "c");
    assertThat(s).allMatch(LevelSpan::open);
  }

  @Test
  void levelsOfARuleAreItsBandsAndItsDeadmanLevel() {
    var rules = RuleSetLoader.parse("""
        rules:
          - id: r
            metric: rain_1h
            scope: {kinds: [rain]}
            condition: {type: threshold}
            levels: {yellow: {raise: 20, clear: 15}}
            deadman: {after: 1h, level: blue}
        """, "t");
    assertThat(LevelSpan.levelsOf(rules).get("r")).containsExactly(Level.BLUE, Level.YELLOW);
  }
}
