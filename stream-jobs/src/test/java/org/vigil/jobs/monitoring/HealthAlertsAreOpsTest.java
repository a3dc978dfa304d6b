package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SiteRisk;
import org.vigil.jobs.registry.RegionRollupFunction;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.jobs.warning.IssuedWarning;
import org.vigil.jobs.warning.PublicWarningFunction;
import org.vigil.jobs.warning.PublicWarningOptions;
import org.vigil.jobs.warning.WarningInput;
import org.vigil.registry.RegionRisk;

/**
 * Health alerts are ops alerts about the monitoring network: red ones of a region, a site and a device, and a silent
 * device's no-data alert, pass through site risk, the region roll-up and public warnings without raising anything,
 * while a hazard alert of the same level at the same site raises all three (so the test can tell the two apart).
 */
class HealthAlertsAreOpsTest {

  static final long T0 = 1_780_000_000_000L;

  static final RegistryUpdate REGISTRY = new RegistryUpdate(0, "", "", """
      regions:
        - {id: c, level: county}
        - {id: t, level: township, parent: c}
      sites:
        - id: hill-a
          region: t
          location: {lat: 30.85, lon: 103.5}
          devices:
            - {id: rg-1, kind: rain, interval: 10s}
      """, "", "file");

  static final PublicWarningOptions WARNINGS = PublicWarningOptions.fromLookup(Map.of(
      "VIGIL_WARNING_SENDER", "monitoring@county.example", "VIGIL_WARNING_VALIDITY", "4h",
      "VIGIL_WARNING_OFFSET", "+08:00")::get);

  static AlertEvent red(String id, String rule, String site, String subject, long at) {
    return new AlertEvent(id, rule, site, subject, Level.RED, Level.NONE, AlertState.OPENED, 0.2, 0.5, at, at,
        subject + ": red");
  }

  static final List<AlertEvent> HEALTH = List.of(
      red("alt_h1", "health.region-online", "_region-t", "_region-t", T0),
      red("alt_h2", "health.site-reports", "hill-a", "hill-a", T0 + 1_000),
      red("alt_h3", "health.battery-low", "hill-a", "hill-a/rain/rg-1", T0 + 2_000),
      // A silent gauge (the registry's no-data watch; red if a registry sets noData.level red): an ops alert too.
      red("alt_h4", "no-data", "hill-a", "hill-a/rain/rg-1", T0 + 2_500));
  static final AlertEvent HAZARD = red("alt_r1", "rain-1h", "hill-a", "hill-a/rain/rg-1", T0 + 3_000);

  @Test
  void healthAlertsRaiseNoSiteRiskNoRegionRiskAndNoPublicWarning() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, AlertEvent, SiteRisk> risk =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(new SiteRiskFunction(), AlertEvent::site, Types.STRING);
    KeyedBroadcastOperatorTestHarness<String, SiteRisk, RegistryUpdate, RegionRisk> rollup =
        new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
            new RegionRollupFunction(REGISTRY), List.of(RegistryGateFunction.REGISTRY)),
            s -> RegionRollupFunction.KEY, Types.STRING, 1, 1, 0);
    KeyedBroadcastOperatorTestHarness<String, WarningInput, RegistryUpdate, IssuedWarning> warnings =
        new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
            new PublicWarningFunction(WARNINGS, REGISTRY), List.of(RegistryGateFunction.REGISTRY)),
            WarningInput::key, Types.STRING, 1, 1, 0);
    rollup.open();
    warnings.open();
    warnings.setProcessingTime(T0);

    for (AlertEvent e : HEALTH) {
      risk.processElement(e, e.updatedAtMs());
      warnings.processElement(WarningInput.of(e), e.updatedAtMs());
    }
    for (SiteRisk r : risk.extractOutputValues()) {
      rollup.processElement(r, r.timestampMs());
    }
    assertThat(risk.extractOutputValues()).as("site risk").isEmpty();
    assertThat(rollup.extractOutputValues()).as("region risk").isEmpty();
    assertThat(warnings.extractOutputValues()).as("public warnings").isEmpty();

    // The same level from a hazard rule at the same site raises all three.
    risk.processElement(HAZARD, HAZARD.updatedAtMs());
    warnings.processElement(WarningInput.of(HAZARD), HAZARD.updatedAtMs());
    for (SiteRisk r : risk.extractOutputValues()) {
      rollup.processElement(r, r.timestampMs());
    }
    assertThat(risk.extractOutputValues()).extracting(SiteRisk::site, SiteRisk::level, SiteRisk::rule,
        SiteRisk::openAlerts).containsExactly(tuple("hill-a", Level.RED, "rain-1h", 1));
    assertThat(rollup.extractOutputValues()).extracting(RegionRisk::region, RegionRisk::level)
        .containsExactlyInAnyOrder(tuple("c", Level.RED), tuple("t", Level.RED));
    assertThat(warnings.extractOutputValues()).extracting(IssuedWarning::identifier, IssuedWarning::msgType)
        .containsExactly(tuple("alt_r1.1", "Alert"));

    // The health alerts resolving changes nothing either.
    for (AlertEvent e : HEALTH) {
      AlertEvent resolved = new AlertEvent(e.id(), e.rule(), e.site(), e.subject(), Level.NONE, Level.RED,
          AlertState.RESOLVED, 1, 0.55, e.startedAtMs(), T0 + 10_000, "recovered");
      risk.processElement(resolved, resolved.updatedAtMs());
      warnings.processElement(WarningInput.of(resolved), resolved.updatedAtMs());
    }
    assertThat(risk.extractOutputValues()).hasSize(1);
    assertThat(warnings.extractOutputValues()).hasSize(1);
    risk.close();
    rollup.close();
    warnings.close();
  }
}
