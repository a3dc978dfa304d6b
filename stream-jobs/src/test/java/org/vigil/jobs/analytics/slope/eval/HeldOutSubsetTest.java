package org.vigil.jobs.analytics.slope.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.Level;
import org.vigil.analytics.slope.SlopeOptions;
import org.vigil.jobs.rules.RulesFile;

/**
 * A small fixed subset of the held-out test part of the forecast evaluation ({@link ForecastGrid.Part#TEST}), run
 * through the default options and the default rules, against the targets. The subset: every test-part series with a
 * 5-day acceleration sampled every 10 minutes (the alphas of its cells, both kinds, all noise classes, both seeds),
 * and the first 10 steady-creep sensors of the test part. Where the targets do not hold on the whole held-out part
 * (1- to 3-day accelerations, alpha 1.7, the last 0.25 d) is in the README and the evaluation's own output.
 */
class HeldOutSubsetTest {

  private static ExecutorService pool;
  private static List<RuleDef> rules;

  @BeforeAll
  static void setUp() {
    pool = Executors.newFixedThreadPool(2);
    rules = RuleSetLoader.parse(RulesFile.load(null).yaml(), "default").rules();
  }

  @AfterAll
  static void tearDown() {
    pool.shutdown();
  }

  @Test
  void subsetMeetsTheTargets() throws Exception {
    List<ForecastGrid.Series> subset = ForecastGrid.failures(ForecastGrid.Part.TEST).stream()
        .filter(s -> s.stepMinutes() == 10)
        .filter(s -> s.law().accelerationDays() == 5)
        .toList();
    assertThat(subset).hasSizeGreaterThanOrEqualTo(40);
    List<SeriesRun.Result> results = ForecastEvalCli.runAll(pool, subset, SlopeOptions.defaults(), rules);
    List<ForecastGrid.Series> steady = ForecastGrid.steady(ForecastGrid.Part.TEST).subList(0, 10);
    List<SeriesRun.Result> calm = ForecastEvalCli.runAll(pool, steady, SlopeOptions.defaults(), rules);
    ForecastReport report = new ForecastReport(results, calm);

    // Every time given is within 10 % of the time left (20 % for 0.5 mm), at every evaluation point.
    assertThat(report.forecastMisses()).isEmpty();
    // Red on every series with noise up to 0.05 mm with at least 15 % of the acceleration left. Not asserted for the
    // 0.2 and 0.5 mm classes, where it does not hold on every series (the forecast's alpha range stays too wide for
    // too long; see the README).
    List<SeriesRun.Result> quiet = results.stream().filter(r -> r.series().noiseClassMm() <= 0.05).toList();
    assertThat(new ForecastReport(quiet, List.of()).redMisses()).isEmpty();
    // No level in 30 days of steady creep, nor in the creep before each acceleration.
    assertThat(report.falseAlarms()).isEmpty();
    // And the forecast is not merely absent: most series give a time at 0.25 d before failure.
    long given = results.stream().filter(r -> r.outcomes()[4] == SeriesRun.Outcome.GIVEN).count();
    assertThat(given).isGreaterThan(results.size() / 4);
    assertThat(results).allSatisfy(r -> assertThat(r.shareLeft(Level.YELLOW)).isGreaterThan(0));
  }
}
