package org.vigil.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.HealthRule;
import org.vigil.alerts.rules.HealthRules;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * Health rules replayed over stored reports, worked by hand: four rain gauges of one county report every 10 min; the
 * no-data silence is 3 intervals (30 min) plus the slack of a tenth of it at most a minute (60 s), so a gauge is
 * online while its last report is at most 31 min old; the figures are judged every minute.
 */
class HealthReplayTest {

  private static final long D = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;

  private static final Registry R = RegistryLoader.parse("""
      noData: {factor: 3}
      regions:
        - {id: c, level: county}
      sites:
        - id: s1
          region: c
          location: {lat: 30, lon: 103}
          devices:
            - {id: rg-1, kind: rain, interval: 10m}
            - {id: rg-2, kind: rain, interval: 10m}
            - {id: rg-3, kind: rain, interval: 10m}
            - {id: rg-4, kind: rain, interval: 10m}
      """, "replay.yaml");

  /** Region online share below 90 %: yellow, no hysteresis, no hold. */
  private static final HealthRule ONLINE = new HealthRule("region-online", "", HealthRule.Scope.REGION,
      HealthRule.Metric.ONLINE_SHARE, Double.NaN, 0.9, Double.NaN, Double.NaN, 0, 0);
  /** A device's battery below 3.5 V: yellow. */
  private static final HealthRule BATTERY = new HealthRule("battery-low", "", HealthRule.Scope.DEVICE,
      HealthRule.Metric.BATTERY_V, Double.NaN, 3.5, Double.NaN, Double.NaN, 0, 0);

  private static List<HealthReplay.Report> reports() {
    List<HealthReplay.Report> out = new ArrayList<>();
    for (long t = D; t < D + 4 * 60 * MIN; t += 10 * MIN) {
      for (int g = 1; g <= 4; g++) {
        // rg-4 is silent from 02:10 to 02:50 (its last report before that at 02:00, the next at 03:00).
        if (g == 4 && t > D + 120 * MIN && t < D + 180 * MIN) {
          continue;
        }
        // rg-1's battery reads 3.6 V until 01:00 and 3.4 V from 01:10.
        double battery = g == 1 && t >= D + 70 * MIN ? 3.4 : 3.6;
        out.add(new HealthReplay.Report("s1/rain/rg-" + g, t, battery, -80));
      }
      // A gauge the registry does not list, with a flat battery: turned away, as the job's gate does.
      out.add(new HealthReplay.Report("s1/rain/rg-9", t, 3.0, -80));
    }
    return out;
  }

  @Test
  void judgesTheRegistrysFiguresEveryIntervalWithEachReportArrivingAtItsDeviceTime() {
    List<AlertEvent> out = HealthReplay.run(R, new HealthRules(List.of(ONLINE, BATTERY)), reports(), D,
        D + 240 * MIN, MIN);
    // rg-1's 3.4 V report at 01:10 is seen at the 01:10 judgement. rg-4's last report at 02:00 is 31 min old at 02:31
    // (still online) and 32 min at 02:32: 3 of 4 online = 75 % < 90 %. Its report at 03:00 brings 4 of 4 back.
    assertThat(out).extracting(AlertEvent::rule, AlertEvent::subject, AlertEvent::state, AlertEvent::level,
            AlertEvent::updatedAtMs, AlertEvent::value)
        .containsExactly(
            tuple("health.battery-low", "s1/rain/rg-1", AlertState.OPENED, Level.YELLOW, D + 70 * MIN, 3.4),
            tuple("health.region-online", "_region-c", AlertState.OPENED, Level.YELLOW, D + 152 * MIN, 0.75),
            tuple("health.region-online", "_region-c", AlertState.RESOLVED, Level.NONE, D + 180 * MIN, 1.0));
  }

  @Test
  void reportsBeforeTheStartAreNotCountedAndTheEndIsExclusive() {
    // From 02:10 to 03:00: rg-4's last report, at 02:00, is before the start and not counted. Not seen since, it is
    // given its silence from the start, as the no-data watch gives it: online until 02:40, offline from 02:40 (not
    // from 02:32, as counting its 02:00 report would make it). Its 03:00 report falls on the excluded end.
    List<AlertEvent> out = HealthReplay.run(R, new HealthRules(List.of(ONLINE)), reports(), D + 130 * MIN,
        D + 180 * MIN, MIN);
    assertThat(out).extracting(AlertEvent::state, AlertEvent::updatedAtMs, AlertEvent::value)
        .containsExactly(tuple(AlertState.OPENED, D + 160 * MIN, 0.75));
  }

  @Test
  void noRulesOrNoDevicesJudgeNothing() {
    assertThat(HealthReplay.run(R, HealthRules.NONE, reports(), D, D + 60 * MIN, MIN)).isEmpty();
  }
}
