package org.vigil.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;

/** What a backtest report says it did not replay. */
class BacktestReportTest {

  private static final String RULE = """
      rules:
        - id: rain-1h
          metric: rain_1h
          condition: {type: threshold}
          levels: {yellow: 20, red: 50}
      """;

  private static RuleSet parse(String health) {
    return RuleSetLoader.parse(health + RULE, "rules.yaml");
  }

  @Test
  void namesTheHealthRulesOfEitherRulesetOnceEach() {
    RuleSet now = parse("""
        health:
          - name: region-online
            scope: region
            metric: online_share
            below: {yellow: 90%}
          - name: site-reports
            scope: site
            metric: reports_today_share
            below: {yellow: 0.8}
        """);
    RuleSet against = parse("""
        health:
          - name: region-online
            scope: region
            metric: online_share
            below: {yellow: 80%}
        """);
    assertThat(BacktestReport.healthRules(now, against)).containsExactly("health.region-online", "health.site-reports");
  }

  @Test
  void namesNoneWhenNeitherRulesetHasHealthRules() {
    assertThat(BacktestReport.healthRules(parse(""), parse(""))).isEmpty();
  }
}
