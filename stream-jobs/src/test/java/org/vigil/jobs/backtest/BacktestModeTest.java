package org.vigil.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryLoader;

/** A backtest in a command mode: which sites it covers, and the replay judging them with the mode's levels. */
class BacktestModeTest {

  private static final long T0 = 1_795_852_800_000L;

  private static final Registry REGISTRY = RegistryLoader.parse("""
      regions:
        - {id: county, level: county}
        - {id: east, level: township, parent: county}
        - {id: east-v, level: village, parent: east}
        - {id: west, level: township, parent: county}
      sites:
        - {id: square, region: east-v, location: {lat: 30, lon: 103}, tags: [tourist]}
        - {id: road, region: east-v, location: {lat: 30.01, lon: 103}}
        - {id: bridge, region: west, location: {lat: 30.1, lon: 103.1}, tags: [tourist]}
      """, "registry.yaml");

  /** rain-1h: yellow from 20 mm; in holiday mode from 10 mm, at tourist sites only. */
  private static final RuleSet RULES = RuleSetLoader.parse("""
      rules:
        - id: rain-1h
          scope: {kinds: [rain]}
          metric: rain_1h
          condition: {type: threshold}
          levels: {yellow: {raise: 20, clear: 15}}
      modes:
        holiday:
          rules:
            rain-1h:
              where: {tags: [tourist]}
              levels: {yellow: {raise: 10, clear: 8}}
      """, "rules.yaml");

  @Test
  void aRegionsModeCoversItsSitesAndThoseBelowWithTheirTags() {
    BacktestMode m = BacktestMode.of(Mode.HOLIDAY, "east", REGISTRY);
    assertThat(m.modeOf("square")).isEqualTo(Mode.HOLIDAY);
    assertThat(m.modeOf("road")).isEqualTo(Mode.HOLIDAY);
    assertThat(m.modeOf("bridge")).isEqualTo(Mode.DAILY);
    assertThat(m.tagsOf("square")).containsExactly("tourist");
    assertThat(m.describe()).isEqualTo("holiday in east (2 sites)");
    assertThat(BacktestMode.of(Mode.HOLIDAY, null, REGISTRY).modeOf("bridge")).isEqualTo(Mode.HOLIDAY);
    BacktestMode everywhere = BacktestMode.of(Mode.HOLIDAY, null, null);
    assertThat(everywhere.modeOf("anything")).isEqualTo(Mode.HOLIDAY);
    assertThat(everywhere.tagsOf("anything")).isEmpty();
    assertThatThrownBy(() -> BacktestMode.of(Mode.HOLIDAY, "east", null)).hasMessageContaining("needs a registry");
    assertThatThrownBy(() -> BacktestMode.of(Mode.HOLIDAY, "atlantis", REGISTRY))
        .hasMessageContaining("'atlantis' is not a region");
  }

  private static SensorMetrics rain(String site, long ts, double mm1h) {
    return new SensorMetrics(site, SensorKind.RAIN, "rg-1", ts, Map.of("rain_mm", 1.0), Map.of("rain_1h", mm1h));
  }

  @Test
  void theReplayJudgesTheSitesOfTheModeWithItsLevels() throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ReplayRulesFunction(
        BacktestAlert.NEW, RULES, T0 + 3_600_000, BacktestMode.of(Mode.HOLIDAY, "east", REGISTRY))),
        SensorMetrics::site, Types.STRING);
    h.open();
    // 12 mm in an hour at each site: only the tourist site of East Township reaches holiday yellow's 10 mm; the
    // road there has no tag (daily levels in holiday mode), the bridge lies in West Township (daily).
    h.processElement(rain("square", T0, 12), T0);
    h.processElement(rain("road", T0, 12), T0);
    h.processElement(rain("bridge", T0, 12), T0);
    h.processElement(rain("bridge", T0 + 60_000, 25), T0 + 60_000);
    assertThat(h.extractOutputValues()).extracting(BacktestAlert::event).extracting(AlertEvent::site,
            AlertEvent::level, AlertEvent::threshold, AlertEvent::mode)
        .containsExactly(tuple("square", Level.YELLOW, 10.0, "holiday"), tuple("bridge", Level.YELLOW, 20.0,
            "daily"));
    h.close();
  }
}
