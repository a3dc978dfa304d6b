package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.DeadLetter;
import org.vigil.core.Level;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;
import org.vigil.decode.DecoderOptions;
import org.vigil.connectors.mqtt.source.MqttRecord;

/** The monitoring job's operators in Flink's test harnesses: outputs, side outputs, state across a restore. */
class MonitoringFunctionsTest {

  private static final long MIN = 60_000L;
  private static final long T0 = 1_795_852_800_000L; // 2026-11-28T08:00:00Z

  private static Reading rain(String sensor, long ts, double mm) {
    return new Reading("hill-a", SensorKind.RAIN, sensor, ts, -1, Map.of("rain_mm", mm), Double.NaN, Double.NaN, null);
  }

  @Test
  void decodeSendsBadInputToTheSideOutputWithItsReason() throws Exception {
    OneInputStreamOperatorTestHarness<MqttRecord, Reading> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFunction(DecoderOptions.defaults(Set.of("hill-a"))));
    h.setProcessingTime(T0);
    h.processElement(record("vigil/hill-a/rain/rg-1/data", "{\"ts\": " + T0 + ", \"values\": {\"rain_mm\": 0.4}}"), T0);
    h.processElement(record("vigil/hill-a/rain/rg-1/data", "{\"ts\": " + T0 + ", \"values\": {\"rain_mm\": \"x\"}}"), T0);
    h.processElement(record("vigil/hill-z/rain/rg-1/data", "{\"ts\": " + T0 + ", \"values\": {\"rain_mm\": 1}}"), T0);
    h.processElement(record("vigil/hill-a/rain/rg-1/data", "{\"ts\": " + (T0 + 3_600_000) + ", \"values\": {\"rain_mm\": 1}}"), T0);

    assertThat(h.extractOutputValues()).extracting(r -> r.value("rain_mm")).containsExactly(0.4);
    List<DeadLetter> dead = h.getSideOutput(DecodeFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
    assertThat(dead).extracting(DeadLetter::reason).containsExactly("wrong_type", "unknown_site", "timestamp_in_future");
    assertThat(dead.get(0).payload()).contains("\"x\"");
    assertThat(dead.get(0).receivedAtMs()).isEqualTo(T0);
    h.close();
  }

  @Test
  void hazardAnalyticsGiveTheRollingHourAndTolerateReplaysAndLateReadings() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Reading, SensorMetrics> h = analyticsHarness();
    h.open();
    h.processElement(rain("rg-1", T0, 4), 0);
    h.processElement(rain("rg-1", T0 + 30 * MIN, 6), 0);
    h.processElement(rain("rg-1", T0 + 30 * MIN, 6), 0); // replayed: same timestamp, not counted twice
    h.processElement(rain("rg-1", T0 + 60 * MIN, 1), 0); // (T0, T0+60]: 6 + 1, the first reading is out
    h.processElement(rain("rg-1", T0 + 45 * MIN, 2), 0); // late but inside: the sum at T0+60 becomes 9
    h.processElement(rain("rg-2", T0, 3), 0); // another gauge, its own window
    assertThat(h.extractOutputValues())
        .extracting(SensorMetrics::sensorId, SensorMetrics::timestampMs, m -> m.value("rain_1h"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rg-1", T0, 4.0),
            org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 30 * MIN, 10.0),
            org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 30 * MIN, 10.0),
            org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 60 * MIN, 7.0),
            org.assertj.core.groups.Tuple.tuple("rg-1", T0 + 60 * MIN, 9.0),
            org.assertj.core.groups.Tuple.tuple("rg-2", T0, 3.0));
    // The late reading's metrics are as of the gauge's newest report, without the late reading's own fields.
    assertThat(h.extractOutputValues().get(4).raw()).isEmpty();
    assertThat(h.extractOutputValues().get(3).raw()).containsEntry("rain_mm", 1.0);
    h.close();
  }

  @Test
  void hazardAnalyticsStateSurvivesARestore() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Reading, SensorMetrics> h = analyticsHarness();
    h.open();
    h.processElement(rain("rg-1", T0, 4), 0);
    h.processElement(rain("rg-1", T0 + 30 * MIN, 6), 0);
    OperatorSubtaskState snapshot = h.snapshot(1, 0);
    h.close();

    KeyedOneInputStreamOperatorTestHarness<String, Reading, SensorMetrics> restored = analyticsHarness();
    restored.initializeState(snapshot);
    restored.open();
    restored.processElement(rain("rg-1", T0 + 50 * MIN, 1), 0); // 4 + 6 + 1 within the hour
    assertThat(restored.extractOutputValues()).singleElement().satisfies(m -> {
      assertThat(m.value("rain_1h")).isEqualTo(11.0);
      assertThat(m.value("rain_24h")).isEqualTo(11.0);
    });
    restored.close();
  }

  @Test
  void derivedPointsAreStoredAtMostOncePerSensorAndIntervalWhileTheRulesSeeEveryReading() throws Exception {
    // VIGIL_DERIVED_INTERVAL=PT5M: rg-1 reports every minute, rg-2 every 10 minutes.
    var h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new HazardAnalyticsFunction(
            AnalyticsOptions.fromLookup(Map.of("VIGIL_DERIVED_INTERVAL", "PT5M")::get))),
        Reading::subject, Types.STRING);
    h.open();
    for (int i = 0; i <= 10; i++) {
      h.processElement(rain("rg-1", T0 + i * MIN, 0.5), T0 + i * MIN);
    }
    for (int i = 0; i < 3; i++) {
      h.processElement(rain("rg-2", T0 + i * 10 * MIN, 0.5), T0 + i * 10 * MIN);
    }
    // A late rg-1 report (2.5 min) corrects the sums as of rg-1's newest report (10 min), which was stored: again.
    h.processElement(rain("rg-1", T0 + 150_000, 0.2), T0 + 150_000);
    assertThat(h.extractOutputValues()).hasSize(11 + 3 + 1); // every reading goes on to the rules
    List<SensorMetrics> stored = h.getSideOutput(HazardAnalyticsFunction.DERIVED).stream()
        .map(StreamRecord::getValue).toList();
    // rg-1: 0, 5, 10 min (each at least 5 min after the last stored); rg-2: every report; then the correction.
    assertThat(stored).extracting(SensorMetrics::sensorId, m -> (m.timestampMs() - T0) / MIN)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rg-1", 0L), org.assertj.core.groups.Tuple.tuple("rg-1", 5L),
            org.assertj.core.groups.Tuple.tuple("rg-1", 10L), org.assertj.core.groups.Tuple.tuple("rg-2", 0L),
            org.assertj.core.groups.Tuple.tuple("rg-2", 10L), org.assertj.core.groups.Tuple.tuple("rg-2", 20L),
            org.assertj.core.groups.Tuple.tuple("rg-1", 10L));
    // 11 reports of 0.5 mm plus the late 0.2 mm, all within the last hour as of 10 min: 5.7 mm.
    assertThat(stored.get(6).value("rain_1h")).isEqualTo(5.7);
    h.close();

    // PT0S: every reading.
    var every = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new HazardAnalyticsFunction(
            AnalyticsOptions.fromLookup(Map.of("VIGIL_DERIVED_INTERVAL", "PT0S")::get))),
        Reading::subject, Types.STRING);
    every.open();
    for (int i = 0; i < 4; i++) {
      every.processElement(rain("rg-1", T0 + i * MIN, 0.5), T0 + i * MIN);
    }
    assertThat(every.getSideOutput(HazardAnalyticsFunction.DERIVED)).hasSize(4);
    every.close();
  }

  /**
   * Readings older than what a sensor's analytics hold are never skipped silently: a rain report more than the
   * gauge's 264 h history before its newest, and a GNSS reading not newer than the station's newest analysed one, each
   * produce no metrics, go to the stored-late output and are dead-lettered as late with the reason.
   */
  @Test
  void readingsOlderThanTheSensorsStateAreStoredLateAndDeadLettered() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Reading, SensorMetrics> h = analyticsHarness();
    h.open();
    h.processElement(rain("rg-1", T0, 1), 0);
    h.processElement(rain("rg-1", T0 - 264 * 60 * MIN - 1, 1), 0); // 264 h and 1 ms before the newest: out
    h.processElement(rain("rg-1", T0 - 263 * 60 * MIN, 1), 0); // inside: corrects the sums (none within 72 h)
    Reading gnss = new Reading("hill-a", SensorKind.GNSS, "gnss-1", T0, 1, Map.of("disp_mm", 10.0), Double.NaN,
        Double.NaN, null);
    h.processElement(gnss, 0);
    h.processElement(new Reading("hill-a", SensorKind.GNSS, "gnss-1", T0 - MIN, 0, Map.of("disp_mm", 9.0), Double.NaN,
        Double.NaN, null), 0);
    assertThat(h.extractOutputValues()).extracting(SensorMetrics::sensorId, SensorMetrics::timestampMs).containsExactly(
        org.assertj.core.groups.Tuple.tuple("rg-1", T0), org.assertj.core.groups.Tuple.tuple("rg-1", T0),
        org.assertj.core.groups.Tuple.tuple("gnss-1", T0));
    assertThat(h.getSideOutput(HazardAnalyticsFunction.NOT_ANALYSED)).extracting(r -> r.getValue().timestampMs())
        .containsExactly(T0 - 264 * 60 * MIN - 1, T0 - MIN);
    List<DeadLetter> dead = h.getSideOutput(HazardAnalyticsFunction.DEAD_LETTERS).stream()
        .map(StreamRecord::getValue).toList();
    assertThat(dead).extracting(DeadLetter::reason).containsExactly("late", "late");
    assertThat(dead.get(0).detail()).contains("hill-a/rain/rg-1").contains("older than the gauge keeps")
        .contains("PT264H");
    assertThat(dead.get(1).detail()).contains("hill-a/gnss/gnss-1").contains("not newer than the sensor's newest")
        .contains("2026-11-28T08:00:00Z");
    assertThat(dead.get(1).topic()).isEqualTo("vigil/hill-a/gnss/gnss-1/data");
    h.close();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, SensorMetrics> analyticsHarness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new HazardAnalyticsFunction(AnalyticsOptions.fromLookup(Map.<String, String>of()::get))),
        Reading::subject, Types.STRING);
  }

  private static MqttRecord record(String topic, String json) {
    return new MqttRecord(topic, json.getBytes(StandardCharsets.UTF_8), T0);
  }
}
