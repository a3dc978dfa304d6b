package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

class EventTimeOrderFunctionTest {

  private static final long T0 = 1_700_000_000_000L;

  private static Reading rain(String gauge, long ts) {
    return new Reading("hill-a", SensorKind.RAIN, gauge, ts, ts - T0, Map.of("rain_mm", 1.0), Double.NaN, Double.NaN,
        Map.of());
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EventTimeOrderFunction(2_000), Reading::subject,
        Types.STRING);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> unopened() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new EventTimeOrderFunction(2_000)), Reading::subject, Types.STRING);
  }

  @Test
  void inOrderReadingsGoOnAtOnceAndOutOfOrderOnesWaitForTheWatermark() throws Exception {
    var h = harness();
    h.setProcessingTime(0);
    // Two readers delivered the gauge's readings 3, 1, 2 (seconds after T0), then 4.
    h.processElement(rain("rg-1", T0 + 3_000), T0 + 3_000); // the first: nothing older released, out at once
    h.processElement(rain("rg-1", T0 + 1_000), T0 + 1_000); // older than 3: out of order, waits
    h.processElement(rain("rg-1", T0 + 2_000), T0 + 2_000); // likewise
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs).containsExactly(T0 + 3_000);
    h.processElement(rain("rg-1", T0 + 4_000), T0 + 4_000); // not older than 3: out at once, not behind 1 and 2
    h.processElement(rain("rg-1", T0 + 4_000), T0 + 4_000); // the same time again is not older either
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 3_000, T0 + 4_000, T0 + 4_000);
    h.processWatermark(T0 + 1_500); // past 1 s only
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 3_000, T0 + 4_000, T0 + 4_000, T0 + 1_000);
    h.processWatermark(T0 + 2_000);
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 3_000, T0 + 4_000, T0 + 4_000, T0 + 1_000, T0 + 2_000);
    // Older than the newest released and behind the watermark already: out at once.
    h.processElement(rain("rg-1", T0 + 1_800), T0 + 1_800);
    assertThat(h.extractOutputValues()).hasSize(6);
    // Another sensor has its own newest reading: its first goes on at once although rg-1 is further on.
    h.processElement(rain("rg-2", T0 + 2_500), T0 + 2_500);
    assertThat(h.extractOutputValues()).extracting(Reading::sensorId).last().isEqualTo("rg-2");
    h.close();
  }

  @Test
  void aQuietStreamReleasesOutOfOrderReadingsAfterTheMaximumWaitOldestFirst() throws Exception {
    var h = harness();
    h.setProcessingTime(1_000);
    h.processElement(rain("rg-1", T0 + 9_000), T0 + 9_000); // out at once
    h.processElement(rain("rg-1", T0 + 5_000), T0 + 5_000); // deadline: 1000 + 2000 -> rounded up to 3100
    h.setProcessingTime(2_000);
    h.processElement(rain("rg-1", T0 + 4_000), T0 + 4_000); // older, arrived later; deadline 4100
    h.processElement(rain("rg-1", T0 + 7_000), T0 + 7_000); // between, deadline 4100
    h.setProcessingTime(3_000);
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs).containsExactly(T0 + 9_000);
    h.setProcessingTime(3_100); // T0+5s waited long enough: it goes, and T0+4s with it, older first
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 9_000, T0 + 4_000, T0 + 5_000);
    h.setProcessingTime(4_100);
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 9_000, T0 + 4_000, T0 + 5_000, T0 + 7_000);
    h.processWatermark(T0 + 10_000); // the event-time timers were removed: nothing twice
    assertThat(h.extractOutputValues()).hasSize(4);
    h.close();
  }

  @Test
  void waitingReadingsSurviveARestore() throws Exception {
    var h = harness();
    h.setProcessingTime(0);
    h.processElement(rain("rg-1", T0 + 3_000), T0 + 3_000); // out at once
    h.processElement(rain("rg-1", T0 + 2_000), T0 + 2_000); // out of order: waits
    h.processElement(rain("rg-2", T0 + 5_000), T0 + 5_000); // out at once
    h.processElement(rain("rg-2", T0 + 1_000), T0 + 1_000); // waits
    assertThat(h.extractOutputValues()).hasSize(2);
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();

    var restored = unopened();
    restored.initializeState(snapshot);
    restored.open();
    restored.processWatermark(T0 + 2_000);
    assertThat(restored.extractOutputValues()).extracting(Reading::sensorId, Reading::timestampMs)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("rg-2", T0 + 1_000),
            org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 2_000));
    // The newest released reading survived too: rg-1 at 2.5 s is older than 3 s, so it waits again.
    restored.processElement(rain("rg-1", T0 + 2_500), T0 + 2_500);
    assertThat(restored.extractOutputValues()).hasSize(2);
    restored.processElement(rain("rg-1", T0 + 3_000), T0 + 3_000);
    assertThat(restored.extractOutputValues()).hasSize(3);
    restored.close();
  }
}
