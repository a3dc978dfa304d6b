package org.vigil.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleEngine;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.alerts.rules.RuleState;
import org.vigil.core.AlertEvent;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/**
 * Thresh's thresholds written as Vigil rules ({@link ThreshData#RULES}) judge the KPAE and KBFI records report by
 * report through the rule engine alone and must give USGS Thresh's exceedance hours exactly (the slower
 * {@code ThreshBacktestIT} does the same through InfluxDB and the backtest job).
 */
class ThreshReferenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"KPAE", "KBFI"})
  void theRulesExceedInTheHoursThreshListed(String station) throws Exception {
    List<ThreshData.Report> reports = ThreshData.station(station);
    List<AlertEvent> events = new ArrayList<>();
    Map<String, RuleState> states = new HashMap<>();
    List<RuleEngine> engines = RuleSetLoader.parse(ThreshData.RULES, "thresh.yaml").rules().stream()
        .map(RuleEngine::new).toList();
    for (ThreshData.Report r : reports) {
      SensorMetrics m = new SensorMetrics("mukilteo", SensorKind.RAIN, station.toLowerCase(), r.tsMs(),
          Map.of("rain_mm", r.mm()), Map.of());
      for (RuleEngine e : engines) {
        RuleDef rule = e.rule();
        RuleState s = states.computeIfAbsent(rule.id(), k -> e.newState(m));
        events.addAll(e.onMetrics(s, m));
      }
    }
    Map<String, Set<Long>> hours = ThreshData.hours(events, reports.stream().map(ThreshData.Report::tsMs).toList());
    for (String rule : ThreshData.TAGS.keySet()) {
      assertThat(hours.get(rule)).as(rule + " at " + station).containsExactlyElementsOf(
          ThreshData.expected(rule, station));
    }
  }
}
