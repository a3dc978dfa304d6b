package org.vigil.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.HealthRule;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** Health rules judging device health, with the figures worked out by hand. */
class HealthJudgeTest {

  static final long T0 = 1_780_000_000_000L;
  static final long MIN = 60_000;

  static final HealthRule ONLINE_90 = new HealthRule("region-online", "", HealthRule.Scope.REGION,
      HealthRule.Metric.ONLINE_SHARE, Double.NaN, 0.9, Double.NaN, Double.NaN, 0.05, 0);
  static final HealthRule ONLINE_LEVELS = new HealthRule("region-online", "", HealthRule.Scope.REGION,
      HealthRule.Metric.ONLINE_SHARE, Double.NaN, 0.9, 0.75, 0.5, 0.05, 0);

  /** East Township, {@code online} of {@code devices} online, at {@code at}. */
  static DeviceHealth east(int online, int devices, long at) {
    return new DeviceHealth("region", "east", "", devices, online, at, Double.NaN, Double.NaN, 0, 0, 0, 0, at,
        "East Township");
  }

  static List<AlertEvent> run(HealthRule rule, HealthRuleState s, DeviceHealth... figures) {
    List<AlertEvent> out = new ArrayList<>();
    for (DeviceHealth h : figures) {
      HealthJudge.judge(rule, s, h).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void aRegionBelowNinetyPercentOnlineRaisesYellowAndClearsWhenItRecovers() {
    HealthRuleState s = new HealthRuleState();
    // 9 of 10 = 90 %: not below 90 %. 7 of 10 = 70 %: below.
    assertThat(HealthJudge.judge(ONLINE_90, s, east(9, 10, T0))).isEmpty();
    AlertEvent open = HealthJudge.judge(ONLINE_90, s, east(7, 10, T0 + MIN)).orElseThrow();
    assertThat(open.message()).isEqualTo("East Township: 7 of 10 devices online (70 %), below 90 %: none -> yellow");
    assertThat(open).extracting(AlertEvent::rule, AlertEvent::site, AlertEvent::subject, AlertEvent::level,
            AlertEvent::state, AlertEvent::value, AlertEvent::threshold, AlertEvent::startedAtMs)
        .containsExactly("health.region-online", "_region-east", "_region-east", Level.YELLOW, AlertState.OPENED,
            0.7, 0.9, T0 + MIN);
    assertThat(open.details()).containsEntry("devices", 10.0).containsEntry("online", 7.0);
    // Hysteresis 5 points: 9 of 10 (90 %) is not below 90 % but below 95 %: yellow stays.
    assertThat(HealthJudge.judge(ONLINE_90, s, east(9, 10, T0 + 2 * MIN))).isEmpty();
    // 10 of 10 = 100 % >= 95 %: cleared, under the same alert id.
    AlertEvent clear = HealthJudge.judge(ONLINE_90, s, east(10, 10, T0 + 3 * MIN)).orElseThrow();
    assertThat(clear).extracting(AlertEvent::id, AlertEvent::level, AlertEvent::previousLevel, AlertEvent::state,
            AlertEvent::value, AlertEvent::startedAtMs, AlertEvent::updatedAtMs)
        .containsExactly(open.id(), Level.NONE, Level.YELLOW, AlertState.RESOLVED, 1.0, T0 + MIN, T0 + 3 * MIN);
    assertThat(clear.threshold()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(clear.message())
        .isEqualTo("East Township: 10 of 10 devices online (100 %), recovered (at least 95 %): yellow -> none");
    assertThat(s.isOpen()).isFalse();
  }

  @Test
  void levelsRiseAndFallWithTheirThresholdsAndHysteresis() {
    HealthRuleState s = new HealthRuleState();
    // 7/10 = 70 %: below 75 % (orange), not below 50 %. 4/10 = 40 %: red. 6/10 = 60 %: not below 55 % (50 + 5), so
    // red ends; below 75 %: orange. 8/10 = 80 %: below 80 % (75 + 5), orange stays. 9/10 = 90 %: not below 80 %,
    // not below 90 %, but below 95 %: yellow. 10/10: none.
    List<AlertEvent> out = run(ONLINE_LEVELS, s, east(7, 10, T0), east(4, 10, T0 + MIN), east(6, 10, T0 + 2 * MIN),
        east(8, 10, T0 + 3 * MIN), east(9, 10, T0 + 4 * MIN), east(10, 10, T0 + 5 * MIN));
    assertThat(out).extracting(AlertEvent::state, AlertEvent::previousLevel, AlertEvent::level)
        .containsExactly(tuple(AlertState.OPENED, Level.NONE, Level.ORANGE),
            tuple(AlertState.ESCALATED, Level.ORANGE, Level.RED),
            tuple(AlertState.DE_ESCALATED, Level.RED, Level.ORANGE),
            tuple(AlertState.DE_ESCALATED, Level.ORANGE, Level.YELLOW),
            tuple(AlertState.RESOLVED, Level.YELLOW, Level.NONE));
    assertThat(out.get(0).message()).isEqualTo("East Township: 7 of 10 devices online (70 %), below 75 %: none -> orange");
    assertThat(out.get(2).message()).isEqualTo("East Township: 6 of 10 devices online (60 %), no longer below 50 %"
        + " (at least 55 %); still below 75 %: red -> orange");
    assertThat(out).extracting(AlertEvent::id).containsOnly(out.get(0).id());
  }

  @Test
  void theHoldRaisesOnlyAfterTheFigureStayedBelowForTheWholeTime() {
    HealthRule held = new HealthRule("region-online", "", HealthRule.Scope.REGION, HealthRule.Metric.ONLINE_SHARE,
        Double.NaN, 0.9, Double.NaN, Double.NaN, 0.05, 10 * MIN);
    HealthRuleState s = new HealthRuleState();
    // Below from T0; back at 100 % at 5 min (one missed minute does not raise anything); below again from 6 min:
    // raised at 16 min, not at 15 min 59 s.
    assertThat(run(held, s, east(7, 10, T0), east(7, 10, T0 + 4 * MIN), east(10, 10, T0 + 5 * MIN),
        east(7, 10, T0 + 6 * MIN), east(7, 10, T0 + 10 * MIN), east(7, 10, T0 + 16 * MIN - 1_000))).isEmpty();
    assertThat(s.pendingSinceMs).isEqualTo(T0 + 6 * MIN);
    AlertEvent open = HealthJudge.judge(held, s, east(7, 10, T0 + 16 * MIN)).orElseThrow();
    assertThat(open.startedAtMs()).isEqualTo(T0 + 16 * MIN);
    assertThat(open.level()).isEqualTo(Level.YELLOW);
    // Clearing is not held: back to 10 of 10 clears at once.
    assertThat(HealthJudge.judge(held, s, east(10, 10, T0 + 17 * MIN))).map(AlertEvent::state)
        .contains(AlertState.RESOLVED);
  }

  @Test
  void devicesBatteryAndSignalAndSitesReportsToday() {
    HealthRule battery = new HealthRule("battery-low", "", HealthRule.Scope.DEVICE, HealthRule.Metric.BATTERY_V,
        Double.NaN, 3.4, 3.3, Double.NaN, 0.1, 0);
    HealthRuleState s = new HealthRuleState();
    DeviceHealth never = new DeviceHealth("device", "hill-a/rain/rg-1", "hill-a", 1, 1, T0, Double.NaN, -90, 5, 5,
        5, 5, T0);
    assertThat(HealthJudge.judge(battery, s, never)).as("no battery reported: nothing to judge").isEmpty();
    DeviceHealth low = new DeviceHealth("device", "hill-a/rain/rg-1", "hill-a", 1, 1, T0, 3.31, -118, 5, 5, 5, 5,
        T0 + MIN);
    AlertEvent e = HealthJudge.judge(battery, s, low).orElseThrow();
    assertThat(e).extracting(AlertEvent::site, AlertEvent::subject, AlertEvent::level, AlertEvent::message)
        .containsExactly("hill-a", "hill-a/rain/rg-1", Level.YELLOW,
            "hill-a/rain/rg-1: battery 3.31 V, below 3.4 V: none -> yellow");

    HealthRule signal = new HealthRule("weak-signal", "", HealthRule.Scope.DEVICE, HealthRule.Metric.RSSI_DBM,
        Double.NaN, -110, Double.NaN, Double.NaN, 5, 0);
    assertThat(HealthJudge.judge(signal, new HealthRuleState(), low)).map(AlertEvent::message)
        .contains("hill-a/rain/rg-1: signal -118 dBm, below -110 dBm: none -> yellow");

    HealthRule reports = new HealthRule("site-reports", "", HealthRule.Scope.SITE,
        HealthRule.Metric.REPORTS_TODAY_SHARE, Double.NaN, 0.8, Double.NaN, Double.NaN, 0.05, 0);
    HealthRuleState r = new HealthRuleState();
    // Nothing expected yet today: no share, nothing judged.
    assertThat(HealthJudge.judge(reports, r, new DeviceHealth("site", "hill-a", "hill-a", 2, 2, T0, Double.NaN,
        Double.NaN, 0, 0, 0, 0, T0, "Upper Hill"))).isEmpty();
    // 45 of 60 = 75 %.
    assertThat(HealthJudge.judge(reports, r, new DeviceHealth("site", "hill-a", "hill-a", 2, 2, T0, Double.NaN,
            Double.NaN, 45, 60, 900, 1000, T0 + MIN, "Upper Hill"))).map(AlertEvent::message)
        .contains("Upper Hill: 45 of 60 expected reports received today (75 %), below 80 %: none -> yellow");
    assertThat(r.site).isEqualTo("hill-a");
    assertThat(r.subject).isEqualTo("hill-a");
  }

  @Test
  void anOpenAlertIsResolvedWhenItsRuleOrSubjectGoesAway() {
    HealthRuleState s = new HealthRuleState();
    AlertEvent open = HealthJudge.judge(ONLINE_90, s, east(7, 10, T0)).orElseThrow();
    AlertEvent gone = HealthJudge.resolve("health.region-online", s, T0 + MIN, "health rule region-online was removed"
        + " from the ruleset").orElseThrow();
    assertThat(gone).extracting(AlertEvent::id, AlertEvent::state, AlertEvent::previousLevel, AlertEvent::site,
        AlertEvent::message).containsExactly(open.id(), AlertState.RESOLVED, Level.YELLOW, "_region-east",
        "East Township: health rule region-online was removed from the ruleset: yellow -> none");
    assertThat(HealthJudge.resolve("health.region-online", s, T0 + 2 * MIN, "again")).isEqualTo(Optional.empty());
  }
}
