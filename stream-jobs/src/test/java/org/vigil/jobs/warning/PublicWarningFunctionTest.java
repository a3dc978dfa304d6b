package org.vigil.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.warning.cap.CapSchema;

/**
 * The operator keeps each alert's chain across a snapshot, renews a warning in force on its timer, and takes each
 * warning's area from the registry in force (a reload renames the village and moves its boundary).
 */
class PublicWarningFunctionTest {

  static final long T0 = 1_780_000_000_000L;
  static final long HOUR = 3_600_000L;
  static final PublicWarningOptions OPTIONS = PublicWarningOptions.fromLookup(Map.of(
      "VIGIL_WARNING_SENDER", "monitoring@county.example", "VIGIL_WARNING_VALIDITY", "4h",
      "VIGIL_WARNING_OFFSET", "+08:00")::get);

  static String registry(int version, String village) {
    return (version > 0 ? "version: " + version + "\n" : "") + """
        regions:
          - {id: c, level: county}
          - {id: t, level: township, parent: c}
          - id: v
            name: %s
            level: village
            parent: t
            code: "990101201"
            boundary: {type: Polygon, coordinates: [[[103.40, 30.80], [103.60, 30.80], [103.60, 30.95], [103.40, 30.80]]]}
        sites:
          - id: ford
            name: Ford gauge
            region: v
            location: {lat: 30.85, lon: 103.5}
            devices:
              - {id: l1, kind: level, interval: 10s}
        """.formatted(village);
  }

  static final RegistryUpdate V0 = new RegistryUpdate(0, "", "", registry(0, "Upper Village"), "", "file");
  static final RegistryUpdate V1 = new RegistryUpdate(1, "", "", registry(1, "Upper Hill Village"), "", "topic");

  static KeyedBroadcastOperatorTestHarness<String, WarningInput, RegistryUpdate, IssuedWarning> harness(
      RegistryUpdate initial) throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new PublicWarningFunction(OPTIONS, initial),
            List.of(RegistryGateFunction.REGISTRY)), WarningInput::key, Types.STRING, 1, 1, 0);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false); // as the job runs
    return h;
  }

  static WarningInput event(String id, AlertState state, Level level, Level previous, long at) {
    return WarningInput.of(new AlertEvent(id, "river", "ford", "ford/level/l1", level, previous, state, 3.1, 2.5, T0, at,
        "river at 3.1 m"));
  }

  @Test
  void chainsSurviveARestoreAndWarningsInForceAreRenewed() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(null)) {
      h.open();
      h.setProcessingTime(T0);
      h.processElement(event("alt_a", AlertState.OPENED, Level.YELLOW, Level.NONE, T0), T0);
      h.processElement(event("alt_a", AlertState.ESCALATED, Level.RED, Level.YELLOW, T0 + 1_000), T0 + 1_000);
      h.processElement(event("alt_b", AlertState.OPENED, Level.ORANGE, Level.NONE, T0 + 2_000), T0 + 2_000);
      assertThat(h.extractOutputValues()).extracting(IssuedWarning::identifier, IssuedWarning::msgType)
          .containsExactly(tuple("alt_a.1", "Alert"), tuple("alt_b.1", "Alert"));
      // Without a registry the area is the site, by name.
      assertThat(h.extractOutputValues().get(0).xml()).contains("<areaDesc>ford</areaDesc>");
      snapshot = h.snapshot(1L, T0 + 3_000);
    }
    try (var h = harness(null)) {
      h.initializeState(snapshot);
      h.open();
      h.setProcessingTime(T0 + 3_000);
      h.processElement(event("alt_a", AlertState.RESOLVED, Level.NONE, Level.RED, T0 + 10_000), T0 + 10_000);
      // alt_b was sent at T0 + 2 s with a 4 h validity: renewed at half of it.
      h.setProcessingTime(T0 + 2_000 + 2 * HOUR - 1);
      assertThat(h.extractOutputValues()).hasSize(1);
      h.setProcessingTime(T0 + 2_000 + 2 * HOUR);
      List<IssuedWarning> out = h.extractOutputValues();
      assertThat(out).extracting(IssuedWarning::identifier, IssuedWarning::msgType, IssuedWarning::incident)
          .containsExactly(tuple("alt_a.2", "Cancel", "alt_a.1"), tuple("alt_b.2", "Update", "alt_b.1"));
      assertThat(out.get(0).xml()).contains("<references>monitoring@county.example,alt_a.1,2026-05-29T04:26:41+08:00"
          + "</references>");
      out.forEach(w -> assertThat(CapSchema.problems(w.xml())).isEmpty());
      // The next renewal is due another half validity later, not before.
      h.setProcessingTime(T0 + 2_000 + 4 * HOUR - 1);
      assertThat(h.extractOutputValues()).hasSize(2);
      h.setProcessingTime(T0 + 2_000 + 4 * HOUR);
      assertThat(h.extractOutputValues()).hasSize(3);
    }
  }

  @Test
  void theAreaIsTheSitesVillageFromTheRegistryInForce() throws Exception {
    try (var h = harness(V0)) {
      h.open();
      h.setProcessingTime(T0);
      h.processElement(event("alt_c", AlertState.OPENED, Level.ORANGE, Level.NONE, T0), T0);
      String first = h.extractOutputValues().get(0).xml();
      assertThat(CapSchema.problems(first)).isEmpty();
      // GeoJSON [lon, lat] becomes CAP "lat,lon"; the code a geocode.
      assertThat(first).contains("<areaDesc>Upper Village (Ford gauge)</areaDesc>",
          "<polygon>30.8,103.4 30.8,103.6 30.95,103.6 30.8,103.4</polygon>",
          "<valueName>ADM-CODE</valueName>", "<value>990101201</value>");
      h.processBroadcastElement(V1, T0 + 500);
      h.processElement(event("alt_c", AlertState.ESCALATED, Level.RED, Level.ORANGE, T0 + 1_000), T0 + 1_000);
      assertThat(h.extractOutputValues().get(1).xml()).contains("<areaDesc>Upper Hill Village (Ford gauge)</areaDesc>");
      h.processBroadcastElement(V0, T0 + 1_500); // older: ignored
      h.processElement(event("alt_c", AlertState.RESOLVED, Level.NONE, Level.RED, T0 + 2_000), T0 + 2_000);
      assertThat(h.extractOutputValues().get(2).xml()).contains("<areaDesc>Upper Hill Village (Ford gauge)</areaDesc>");
    }
  }

  @Test
  void badSettingsAreAllNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PublicWarningOptions.fromLookup(Map.of(
            "VIGIL_WARNINGS", "maybe", "VIGIL_WARNING_FROM", "purple", "VIGIL_WARNING_OFFSET", "Mars",
            "VIGIL_WARNING_VALIDITY", "5m")::get))
        .hasMessageContaining("VIGIL_WARNINGS='maybe'")
        .hasMessageContaining("VIGIL_WARNING_FROM='purple'")
        .hasMessageContaining("VIGIL_WARNING_OFFSET='Mars'")
        .hasMessageContaining("VIGIL_WARNING_VALIDITY='5m'");
    assertThat(Duration.ofHours(12)).isEqualTo(PublicWarningOptions.fromLookup(Map.<String, String>of()::get).validity());
  }
}
