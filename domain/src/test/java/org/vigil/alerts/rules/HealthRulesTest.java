package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;

/** The ruleset's {@code health:} section: reading, the problems an engineer reads (with lines), and the diff. */
class HealthRulesTest {

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

  private static RuleSetInvalidException problems(String health) {
    return catchThrowableOfType(RuleSetInvalidException.class, () -> parse(health));
  }

  @Test
  void rulesWithPercentagesVoltsDbmHoldsAndHysteresis() {
    RuleSet r = parse("""
        health:
          - name: region-online
            description: share of a region's devices online
            scope: region
            metric: online_share
            below: {yellow: 90%, orange: 75%, red: 50%}
            for: 10m
          - name: site-reports
            scope: site
            metric: reports_today_share
            below: {yellow: 0.8}
            hysteresis: 2%
          - name: battery-low
            scope: device
            metric: battery_v
            below: {yellow: 3.5, orange: 3.3}
          - {name: weak-signal, scope: device, metric: rssi_dbm, below: {yellow: -110}, hysteresis: 3}
        """);
    HealthRules h = r.health();
    assertThat(h.rules()).extracting(HealthRule::name)
        .containsExactly("region-online", "site-reports", "battery-low", "weak-signal");
    // 90 % = 0.9, 75 % = 0.75, 50 % = 0.5; 10 min = 600,000 ms; hysteresis by default 5 points = 0.05.
    assertThat(h.rule("region-online")).contains(new HealthRule("region-online", "share of a region's devices online",
        HealthRule.Scope.REGION, HealthRule.Metric.ONLINE_SHARE, Double.NaN, 0.9, 0.75, 0.5, 0.05, 600_000));
    // A fraction is taken as written; 2 % = 0.02; no hold.
    assertThat(h.rule("site-reports")).contains(new HealthRule("site-reports", "", HealthRule.Scope.SITE,
        HealthRule.Metric.REPORTS_TODAY_SHARE, Double.NaN, 0.8, Double.NaN, Double.NaN, 0.02, 0));
    // Volts as written, default hysteresis 0.1 V; dBm with 3 dB.
    assertThat(h.rule("battery-low").get().below(Level.ORANGE)).isEqualTo(3.3);
    assertThat(h.rule("battery-low").get().hysteresis()).isEqualTo(0.1);
    assertThat(h.rule("weak-signal").get().below(Level.YELLOW)).isEqualTo(-110);
    assertThat(h.rule("weak-signal").get().hysteresis()).isEqualTo(3);
    assertThat(h.rule("region-online").get())
        .hasToString("region online_share below yellow 90 %, orange 75 %, red 50 % for 10m (hysteresis 5 %)");
    // Travels in the ruleset's bytes, and a published version keeps it.
    assertThat(RuleSet.fromBytes(r.toBytes()).health()).isEqualTo(h);
    assertThat(r.withVersion(3, "a", "c").health()).isEqualTo(h);
  }

  @Test
  void noSectionNoHealthRules() {
    assertThat(parse("").health()).isEqualTo(HealthRules.NONE);
    assertThat(new RuleSet(1L, "", "", java.util.List.of()).health().isEmpty()).isTrue();
  }

  @Test
  void everyMistakeWithItsLine() {
    RuleSetInvalidException e = problems("""
        health:
          - name: a
            scope: regoin
            metric: online_share
            below: {yellow: 90%}
          - name: b
            scope: site
            metric: online_shares
            below: {yellow: 90%}
          - name: c
            scope: region
            metric: online_share
            below: {yellow: 75%, orange: 90%}
          - name: d
            scope: site
            metric: reports_month_share
            below: {yellow: 120%}
          - name: e
            scope: site
            metric: reports_today_share
            below: {yellow: 80}
          - name: f
            scope: region
            metric: battery_v
            below: {yellow: 3.4}
          - name: a
            scope: device
            metric: battery_v
            below: {yellow: 20%}
          - name: g
            scope: device
            metric: rssi_dbm
            below: {}
            for: soon
        """);
    assertThat(e.problems()).extracting(Problem::line, Problem::message).containsExactly(
        tuple(3, "health rule 'a': unknown scope 'regoin'; did you mean region?"),
        tuple(8, "health rule 'b': unknown metric 'online_shares'; did you mean online_share?"),
        tuple(13, "health rule 'c': thresholds out of order: orange (90 %) must be below yellow (75 %), as a higher"
            + " level is raised by a lower figure"),
        tuple(17, "health rule 'd' below.yellow: percent out of range: 120% is not from 0% to 100%"),
        tuple(21, "health rule 'e' below.yellow: reports_today_share is a share: write 80% (or a fraction from 0 to"
            + " 1), not 80"),
        tuple(24, "health rule 'f': metric battery_v is only known for single devices (scope: device), not for a"
            + " region's roll-up"),
        tuple(26, "health rule name 'a' is used twice (first at line 2): names must be unique"),
        tuple(29, "health rule 'a' below.yellow: battery_v is in volts, not a percentage: write a number such as 3.4"),
        tuple(33, "health rule 'g': below needs at least one level, e.g. {yellow: 90%}"),
        tuple(34, "health rule 'g' for: 'soon' is not a duration: write 30s, 5m, 1h, 2d, 1h30m or ISO-8601 such as"
            + " PT5M"));
  }

  @Test
  void structureMistakes() {
    RuleSetInvalidException e = problems("health: {name: x}\n");
    assertThat(e.problems()).extracting(Problem::line).containsExactly(1);
    assertThat(e.problems().get(0).message()).startsWith("health must be a list of health rules");
    e = problems("""
        health:
          - name: Bad_Name
            scope: device
            metric: battery
            below: {amber: 3}
            above: {yellow: 3}
        """);
    assertThat(e.problems()).extracting(Problem::line, Problem::message).containsExactly(
        tuple(2, "health rule name 'Bad_Name' must be lower-case letters, digits and '-'"),
        tuple(4, "health rule '?': unknown metric 'battery' (devices report their battery in volts: battery_v);"
            + " did you mean battery_v?"),
        tuple(5, "health rule '?' below: unknown field 'amber' (known fields: blue, yellow, orange, red)"),
        tuple(6, "health rule: unknown field 'above' (known fields: name, description, scope, metric, below,"
            + " hysteresis, for)"));
  }

  @Test
  void theDiffNamesEachHealthRuleThatChanged() {
    RuleSet a = parse("""
        health:
          - {name: region-online, scope: region, metric: online_share, below: {yellow: 90%}}
          - {name: battery-low, scope: device, metric: battery_v, below: {yellow: 3.5}}
        """);
    RuleSet b = parse("""
        health:
          - {name: region-online, scope: region, metric: online_share, below: {yellow: 85%}, for: 5m}
          - {name: site-reports, scope: site, metric: reports_today_share, below: {yellow: 80%}}
        """);
    RuleSetDiff d = RuleSetDiff.diff(a, b);
    assertThat(d.health()).containsExactly(
        "region-online: region online_share below yellow 90 % (hysteresis 5 %) -> region online_share below yellow"
            + " 85 % for 5m (hysteresis 5 %)",
        "site-reports added (site reports_today_share below yellow 80 % (hysteresis 5 %))",
        "battery-low removed");
    assertThat(d.isEmpty()).isFalse();
    assertThat(d.summary()).isEqualTo("health (" + String.join("; ", d.health()) + ")");
    assertThat(RuleSetDiff.diff(b, b).isEmpty()).isTrue();
  }

  @Test
  void theDefaultRulesetRaisesYellowForARegionBelowNinetyPercentOnline() throws Exception {
    Path file = Path.of("../infra/rules/default.yaml");
    RuleSet r = RuleSetLoader.parse(Files.readString(file), "default.yaml");
    HealthRule online = r.health().rule("region-online").orElseThrow();
    assertThat(online.scope()).isEqualTo(HealthRule.Scope.REGION);
    assertThat(online.metric()).isEqualTo(HealthRule.Metric.ONLINE_SHARE);
    assertThat(online.below(Level.YELLOW)).isEqualTo(0.9);
  }
}
