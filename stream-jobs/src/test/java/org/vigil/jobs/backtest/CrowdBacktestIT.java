package org.vigil.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.Level;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.AnalyticsOptions;
import org.vigil.connectors.testing.TestInflux;

/**
 * {@code vigil rules backtest} over stored crowd figures on the real InfluxDB: frames written as the live job writes
 * them ({@code crowd}, {@code crowd_lines}) are rebuilt and replayed through the proposed and the active crowd rules;
 * the alerts are worked out by hand below.
 */
class CrowdBacktestIT {

  /** 2026-11-02T10:00:00Z: the first frame. */
  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

  /**
   * Proposed: the default minutes-to-capacity levels (yellow at 10 min, orange at 5) and a door rule at 6
   * crossings/min inwards.
   */
  private static final String NEW = """
      rules:
        - id: crowd-filling
          scope: {cameras: "*", zones: "*"}
          metric: minutes_to_capacity
          condition: {type: crowd, recent: 5s, window: 1m, direction: below}
          levels:
            yellow: {raise: 10, clear: 15}
            orange: {raise: 5, clear: 8}
        - id: door-in
          scope: {lines: "door*"}
          metric: line_in_per_min
          condition: {type: crowd, window: 1m}
          levels: {yellow: 6}
      """;

  /** Active: orange only from 3 minutes, no door rule. */
  private static final String AGAINST = """
      rules:
        - id: crowd-filling
          scope: {cameras: "*", zones: "*"}
          metric: minutes_to_capacity
          condition: {type: crowd, recent: 5s, window: 1m, direction: below}
          levels:
            yellow: {raise: 10, clear: 15}
            orange: {raise: 3, clear: 4}
      """;

  private final String db = "it_crowd_backtest_" + Long.toString(System.currentTimeMillis(), 36);
  private InfluxClient influx;

  @BeforeEach
  void write() throws Exception {
    influx = TestInflux.client();
    influx.createDatabase(db);
    // 21 frames 15 s apart (T .. T+5 min) of camera cam1 at site plaza: zone gate, 80 of capacity 100 on 100 m²,
    // entries one per frame (4/min), no exits; line door, two crossings in per frame (8/min).
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i <= 20; i++) {
      long t = T.toEpochMilli() + i * 15_000L;
      lines.append("crowd,site=plaza,camera=cam1,zone=gate people=80i,area_m2=100.0,density_per_m2=0.8,"
          + "level_of_service=\"D\",capacity=100i,entries=").append(i).append("i,exits=0i,max_dwell_s=10.0,"
          + "mean_dwell_s=5.0,motion_energy=0.5 ").append(t).append('\n');
      lines.append("crowd_lines,site=plaza,camera=cam1,line=door crossings_in=").append(2 * i)
          .append("i,crossings_out=0i ").append(t).append('\n');
    }
    influx.write(db, lines.toString());
  }

  @AfterEach
  void drop() throws Exception {
    influx.dropDatabase(db);
  }

  @Test
  void crowdRulesAreReplayedOverTheStoredFigures() throws Exception {
    BacktestOptions o = new BacktestOptions(TestServices.influxUrl(), db, org.vigil.connectors.testing.TestInflux.credentials(), T.toEpochMilli(),
        T.plus(Duration.ofMinutes(10)).toEpochMilli(), Duration.ofDays(1), Duration.ofHours(5), 1,
        Duration.ofHours(24), AnalyticsOptions.fromLookup(Map.<String, String>of()::get)).validate();
    BacktestJob.Result r = BacktestJob.run(o, NEW, AGAINST, false);
    assertThat(r.crowd().frames()).isEqualTo(21);
    assertThat(r.crowd().cameras()).containsExactly("plaza/camera/cam1");
    assertThat(r.readingsRead()).isZero();

    // At T+30 s the frames of the last minute span 30 s (half the window): entries 2 in 0.5 min = 4/min, net 4:
    // (100 - 80) / 4 = 5 minutes to capacity: orange under the new rules (at or below 5), yellow under the active
    // ones (orange only from 3). Door: 4 crossings in 0.5 min = 8/min >= 6: yellow, new rules only. The inflow
    // stays at 4/min to the end: nothing changes after.
    BacktestReport report = BacktestReport.of(o, "new", RuleSetLoader.parse(NEW, "new"), "against",
        RuleSetLoader.parse(AGAINST, "against"), r);
    long opened = T.plusSeconds(30).toEpochMilli();
    var now = report.tally(report.spansNew());
    assertThat(now.get("crowd-filling").get(Level.ORANGE).firstTimes()).containsExactly(opened);
    assertThat(now.get("door-in").get(Level.YELLOW).firstTimes()).containsExactly(opened);
    var old = report.tally(report.spansAgainst());
    assertThat(old.get("crowd-filling").get(Level.YELLOW).firstTimes()).containsExactly(opened);
    assertThat(old.get("crowd-filling")).doesNotContainKey(Level.ORANGE);
    assertThat(old).doesNotContainKey("door-in");
    assertThat(r.alerts()).filteredOn(a -> a.run().equals(BacktestAlert.NEW))
        .extracting(a -> a.event().subject())
        .containsExactlyInAnyOrder("plaza/camera/cam1/gate", "plaza/camera/cam1/line/door");
    assertThat(report.text()).contains("crowd: 21 frames of 1 cameras from crowd and crowd_lines");
    System.out.print(report.text());
  }
}
