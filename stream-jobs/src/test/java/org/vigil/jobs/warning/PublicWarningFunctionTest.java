package org.vigil.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.warning.cap.CapSchema;

/** The operator keeps each alert's chain across a snapshot and renews a warning in force on its timer. */
class PublicWarningFunctionTest {

  static final long T0 = 1_780_000_000_000L;
  static final long HOUR = 3_600_000L;
  static final PublicWarningOptions OPTIONS = PublicWarningOptions.fromLookup(Map.of(
      "VIGIL_WARNING_SENDER", "monitoring@county.example", "VIGIL_WARNING_VALIDITY", "4h",
      "VIGIL_WARNING_OFFSET", "+08:00")::get);

  static KeyedOneInputStreamOperatorTestHarness<String, AlertEvent, IssuedWarning> harness() throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new PublicWarningFunction(OPTIONS)), AlertEvent::id, Types.STRING);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false); // as the job runs
    return h;
  }

  static AlertEvent event(String id, AlertState state, Level level, Level previous, long at) {
    return new AlertEvent(id, "river", "ford", "ford/level/l1", level, previous, state, 3.1, 2.5, T0, at,
        "river at 3.1 m");
  }

  @Test
  void chainsSurviveARestoreAndWarningsInForceAreRenewed() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.setProcessingTime(T0);
      h.processElement(event("alt_a", AlertState.OPENED, Level.YELLOW, Level.NONE, T0), T0);
      h.processElement(event("alt_a", AlertState.ESCALATED, Level.RED, Level.YELLOW, T0 + 1_000), T0 + 1_000);
      h.processElement(event("alt_b", AlertState.OPENED, Level.ORANGE, Level.NONE, T0 + 2_000), T0 + 2_000);
      assertThat(h.extractOutputValues()).extracting(IssuedWarning::identifier, IssuedWarning::msgType)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("alt_a.1", "Alert"),
              org.assertj.core.groups.Tuple.tuple("alt_b.1", "Alert"));
      snapshot = h.snapshot(1L, T0 + 3_000);
    }
    try (var h = harness()) {
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
          .containsExactly(org.assertj.core.groups.Tuple.tuple("alt_a.2", "Cancel", "alt_a.1"),
              org.assertj.core.groups.Tuple.tuple("alt_b.2", "Update", "alt_b.1"));
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
