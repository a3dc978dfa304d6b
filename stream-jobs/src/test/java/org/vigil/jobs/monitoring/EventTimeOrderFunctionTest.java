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
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EventTimeOrderFunction(2_000, 250), Reading::subject,
        Types.STRING);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> unopened() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new EventTimeOrderFunction(2_000, 250)), Reading::subject, Types.STRING);
  }

  @Test
  void aBurstWaitsForTheWatermarkAndLeavesInDeviceTimeOrder() throws Exception {
    var h = harness();
    h.setProcessingTime(0);
    // Two readers delivered a backfill of the gauge's readings 3, 1, 2 (seconds after T0) within a millisecond.
    h.processElement(rain("rg-1", T0 + 3_000), T0 + 3_000); // the sensor's first reading: nothing before it, out
    h.processElement(rain("rg-1", T0 + 1_000), T0 + 1_000); // 0 ms after the previous: a burst, waits
    h.processElement(rain("rg-1", T0 + 2_000), T0 + 2_000); // likewise
    h.processElement(rain("rg-1", T0 + 4_000), T0 + 4_000); // newer, but in the burst and others wait: waits
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs).containsExactly(T0 + 3_000);
    h.processWatermark(T0 + 2_000); // both readers are past 2 s
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 3_000, T0 + 1_000, T0 + 2_000);
    h.processWatermark(T0 + 4_000);
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 3_000, T0 + 1_000, T0 + 2_000, T0 + 4_000);
    // Behind the watermark already: out at once.
    h.processElement(rain("rg-1", T0 + 2_500), T0 + 2_500);
    assertThat(h.extractOutputValues()).hasSize(5);
    h.close();
  }

  @Test
  void liveReadingsGoOnAtOnceWithoutWaitingForTheWatermark() throws Exception {
    var h = harness();
    h.setProcessingTime(10_000);
    h.processElement(rain("rg-1", T0 + 1_000), T0 + 1_000);
    h.setProcessingTime(10_250); // 250 ms later: not a burst
    h.processElement(rain("rg-1", T0 + 2_000), T0 + 2_000);
    h.setProcessingTime(11_250);
    h.processElement(rain("rg-1", T0 + 2_000), T0 + 2_000); // the same time again is not older
    h.processElement(rain("rg-2", T0 + 500), T0 + 500); // another sensor: its own first reading
    assertThat(h.extractOutputValues()).extracting(Reading::sensorId, Reading::timestampMs).containsExactly(
        org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 1_000), org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 2_000),
        org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 2_000), org.assertj.core.groups.Tuple.tuple("rg-2", T0 + 500));
    h.setProcessingTime(12_000);
    h.processElement(rain("rg-1", T0 + 1_500), T0 + 1_500); // older than one released: waits (2 s at most)
    assertThat(h.extractOutputValues()).hasSize(4);
    h.setProcessingTime(13_000);
    h.processElement(rain("rg-1", T0 + 5_000), T0 + 5_000); // in order, but 1.5 s is still waiting: waits behind it
    assertThat(h.extractOutputValues()).hasSize(4);
    h.setProcessingTime(14_100); // 1.5 s's deadline (12,000 + 2,000 rounded up to 14,100): out
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs).endsWith(T0 + 1_500);
    h.setProcessingTime(15_100); // 5 s's deadline
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs).endsWith(T0 + 1_500, T0 + 5_000);
    h.setProcessingTime(16_000); // nothing waits any more: the next live reading goes on at once
    h.processElement(rain("rg-1", T0 + 6_000), T0 + 6_000);
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs).endsWith(T0 + 5_000, T0 + 6_000);
    h.close();
  }

  @Test
  void aQuietStreamReleasesAfterTheMaximumWaitOldestFirst() throws Exception {
    var h = harness();
    h.setProcessingTime(1_000);
    h.processElement(rain("rg-1", T0 + 9_000), T0 + 9_000); // the first: out at once
    h.processElement(rain("rg-1", T0 + 5_000), T0 + 5_000); // burst; deadline: 1000 + 2000 -> rounded up to 3100
    h.setProcessingTime(2_000);
    h.processElement(rain("rg-1", T0 + 4_000), T0 + 4_000); // older, arrived later; deadline 4100
    h.processElement(rain("rg-1", T0 + 10_000), T0 + 10_000); // younger, waits behind them; deadline 4100
    h.setProcessingTime(3_000);
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs).containsExactly(T0 + 9_000);
    h.setProcessingTime(3_100); // T0+5s waited long enough: it goes, and T0+4s with it, older first
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 9_000, T0 + 4_000, T0 + 5_000);
    h.setProcessingTime(4_100);
    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 + 9_000, T0 + 4_000, T0 + 5_000, T0 + 10_000);
    h.processWatermark(T0 + 20_000); // the event-time timers were removed: nothing twice
    assertThat(h.extractOutputValues()).hasSize(4);
    h.close();
  }

  @Test
  void waitingReadingsSurviveARestore() throws Exception {
    var h = harness();
    h.setProcessingTime(0);
    h.processElement(rain("rg-1", T0 + 3_000), T0 + 3_000); // out at once
    h.processElement(rain("rg-1", T0 + 2_000), T0 + 2_000); // burst: waits
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
    // The sensor's progress survived too: rg-1 at 2.5 s (a second later) is older than 3 s, so it waits again.
    restored.setProcessingTime(1_000);
    restored.processElement(rain("rg-1", T0 + 2_500), T0 + 2_500);
    assertThat(restored.extractOutputValues()).hasSize(2);
    restored.processWatermark(T0 + 2_500);
    assertThat(restored.extractOutputValues()).hasSize(3);
    restored.setProcessingTime(2_000);
    restored.processElement(rain("rg-1", T0 + 3_000), T0 + 3_000); // live and in order again: out at once
    assertThat(restored.extractOutputValues()).hasSize(4);
    restored.close();
  }

  /**
   * A busy job hands over a live sensor's readings, sent a second apart, a millisecond apart: with device times within
   * the fresh bound of the job's clock they are still live; an old backfill arriving the same way still waits.
   */
  @Test
  void freshReadingsStayLiveWhenTheyArriveCloseTogether() throws Exception {
    var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EventTimeOrderFunction(2_000, 250, 3_000),
        Reading::subject, Types.STRING);
    h.setProcessingTime(T0 + 5_000); // the job's clock: 5 s after T0
    h.processElement(rain("rg-1", T0 + 3_000), T0 + 3_000); // first reading: out
    h.setProcessingTime(T0 + 5_001);
    h.processElement(rain("rg-1", T0 + 4_000), T0 + 4_000); // 1 ms later, but 1.001 s old (<= 3 s): live
    h.setProcessingTime(T0 + 5_002);
    h.processElement(rain("rg-1", T0 + 2_000), T0 + 2_000); // older than one released: waits, fresh or not
    h.processElement(rain("rg-2", T0 - 60_000), T0 - 60_000); // another gauge's first reading: out
    h.setProcessingTime(T0 + 5_003);
    h.processElement(rain("rg-2", T0 - 59_000), T0 - 59_000); // 1 ms later and 64 s old: a burst, waits
    assertThat(h.extractOutputValues()).extracting(Reading::sensorId, Reading::timestampMs).containsExactly(
        org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 3_000), org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 4_000),
        org.assertj.core.groups.Tuple.tuple("rg-2", T0 - 60_000));
    h.close();
  }
}
