package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

/**
 * A sensor's own event time in Flink's keyed harness, processing time set by hand. Hold 5 s, burst gap 250 ms, fresh
 * 3 s, duplicate horizon 60 min throughout. The harness's processing time stands for the job's clock, so device times
 * near it are live and device times days before it a backfill.
 */
class SensorTimeFunctionTest {

  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;
  private static final long HOLD = 5_000;
  private static final long NOW = 1_795_852_800_000L; // 2026-11-28T08:00:00Z, the job's clock at the start

  private static Reading rain(String sensor, long ts, long seq) {
    return new Reading("hill-a", SensorKind.RAIN, sensor, ts, seq, Map.of("rain_mm", 0.5), Double.NaN, Double.NaN,
        null);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness() throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new SensorTimeFunction(HOLD, 250, 3_000, 60 * MIN)), Reading::subject, Types.STRING);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false); // as the job runs
    return h;
  }

  @Test
  void theSensorsStateIsAFlinkPojoWithoutGenericTypes() {
    TypeInformation<SensorTimeFunction.SensorTime> info = TypeInformation.of(SensorTimeFunction.SensorTime.class);
    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    info.createSerializer(noKryo); // throws if anything inside needs Kryo
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> opened(long now) throws Exception {
    var h = harness();
    h.open();
    h.setProcessingTime(now);
    return h;
  }

  private static void send(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> h, Reading r)
      throws Exception {
    h.processElement(r, r.timestampMs());
  }

  private static List<Long> times(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> h, String sensor) {
    return h.extractOutputValues().stream().filter(r -> r.sensorId().equals(sensor)).map(Reading::timestampMs).toList();
  }

  private static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> h) {
    var q = h.getSideOutput(SensorTimeFunction.DEAD_LETTERS);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  /**
   * Three days of hourly reports resent after an outage, split between two readers: reader B delivers its half 30
   * reports behind reader A, all within 300 ms. Nothing goes on before the hold; then all, in device-time order.
   */
  @Test
  void aBackfillSplitBetweenTwoReadersIsPassedOnInDeviceTimeOrder() throws Exception {
    var h = opened(NOW);
    long start = NOW - 4 * 24 * HOUR;
    List<Reading> a = new ArrayList<>();
    List<Reading> b = new ArrayList<>();
    for (int i = 0; i < 72; i++) {
      (i % 2 == 0 ? a : b).add(rain("rg-1", start + i * HOUR, i));
    }
    // A runs ahead: its first 15 reports (30 hours) before any of B's, then both interleaved.
    List<Reading> arrival = new ArrayList<>(a.subList(0, 15));
    for (int i = 0; i < b.size(); i++) {
      arrival.add(b.get(i));
      if (15 + i < a.size()) {
        arrival.add(a.get(15 + i));
      }
    }
    for (int i = 0; i < arrival.size(); i++) {
      h.setProcessingTime(NOW + i * 4L); // 4 ms apart: a burst
      send(h, arrival.get(i));
    }
    assertThat(h.extractOutputValues()).as("the resend's first report lags by the outage: held too").isEmpty();
    assertThat(h.numProcessingTimeTimers()).as("one timer for the sensor, not one per reading").isEqualTo(1);
    h.setProcessingTime(NOW + HOLD + 100); // the first arrivals' hold is over: they go, with everything older
    h.setProcessingTime(NOW + HOLD + 400); // and the rest
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 72; i++) {
      expected.add(start + i * HOUR);
    }
    assertThat(times(h, "rg-1")).isEqualTo(expected);
    assertThat(deadLetters(h)).isEmpty();
    assertThat(h.numProcessingTimeTimers()).isZero();
    h.close();
  }

  /**
   * 20,000 readings of one sensor (two-minute reports: 28 days of device time) at 10 per millisecond of arrival,
   * reader B 2 s behind reader A: every one goes on, in order, as the hold of each passes.
   */
  @Test
  void aBackfillAtAHighRateStaysInOrderWithReadersSecondsApart() throws Exception {
    var h = opened(NOW);
    long start = NOW - 30L * 24 * HOUR;
    int n = 20_000;
    List<Reading> a = new ArrayList<>();
    List<Reading> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (i % 2 == 0 ? a : b).add(rain("gnss-9", start + i * 2 * MIN, i));
    }
    // Reader A delivers its readings from t = 0 at 5 per ms; reader B the same from t = 2 s (paused for a checkpoint).
    int ia = 0;
    int ib = 0;
    for (long t = 0; ia < a.size() || ib < b.size(); t++) {
      h.setProcessingTime(NOW + t);
      for (int k = 0; k < 5 && ia < a.size(); k++) {
        send(h, a.get(ia++));
      }
      for (int k = 0; k < 5 && t >= 2_000 && ib < b.size(); k++) {
        send(h, b.get(ib++));
      }
      assertThat(h.numProcessingTimeTimers()).isLessThanOrEqualTo(1);
    }
    h.setProcessingTime(NOW + 60_000);
    List<Long> got = times(h, "gnss-9");
    assertThat(got).hasSize(n).isSorted();
    assertThat(got.get(0)).isEqualTo(start);
    assertThat(got.get(n - 1)).isEqualTo(start + (n - 1) * 2 * MIN);
    assertThat(deadLetters(h)).isEmpty();
    h.close();
  }

  /** A reading that comes later than the hold after a newer one is out of order: it goes on at once, counted. */
  @Test
  void aReadingLaterThanTheHoldGoesOnAtOnceOutOfOrder() throws Exception {
    var h = opened(NOW);
    long old = NOW - 24 * HOUR;
    send(h, rain("rg-1", old + 2 * MIN, 2)); // held (lags a day, first reading)
    h.setProcessingTime(NOW + 4_000);
    send(h, rain("rg-1", old + MIN, 1)); // 4 s later, through the slow reader: still inside the hold, goes first
    h.setProcessingTime(NOW + HOLD + 100);
    assertThat(times(h, "rg-1")).containsExactly(old + MIN, old + 2 * MIN);
    h.setProcessingTime(NOW + 20_000);
    send(h, rain("rg-1", old, 0)); // 20 s after: too late to be put in order; on at once for the analytics to judge
    assertThat(times(h, "rg-1")).containsExactly(old + MIN, old + 2 * MIN, old);
    assertThat(deadLetters(h)).isEmpty();
    h.close();
  }

  /** Live readings are not held: fresh ones at once, however close; a slow clock by its own steady lag. */
  @Test
  void liveSensorsAndASlowClockGoOnAtOnce() throws Exception {
    var h = opened(NOW);
    send(h, rain("rg-1", NOW - 200, 0)); // fresh: at once
    h.setProcessingTime(NOW + 5);
    send(h, rain("rg-1", NOW + 1, 1)); // 5 ms later, but fresh: at once
    assertThat(times(h, "rg-1")).containsExactly(NOW - 200, NOW + 1);

    long behind = 3 * HOUR; // a clock three hours slow, reporting every 10 s
    send(h, rain("tilt-1", NOW + 5 - behind, 0)); // its first reading: not fresh, nothing to compare with: held
    assertThat(times(h, "tilt-1")).isEmpty();
    h.setProcessingTime(NOW + 5 + HOLD + 100);
    assertThat(times(h, "tilt-1")).containsExactly(NOW + 5 - behind);
    for (int i = 1; i <= 10; i++) {
      long arrival = NOW + 5 + i * 10_000L + (i % 3) * 40; // network jitter of up to 80 ms
      h.setProcessingTime(arrival);
      send(h, rain("tilt-1", NOW + 5 + i * 10_000L - behind, i));
      assertThat(times(h, "tilt-1")).as("reading %d at once", i).hasSize(i + 1);
    }
    assertThat(h.numProcessingTimeTimers()).isZero();
    h.close();
  }

  /**
   * A busy job's two readers cross a live gauge's readings 800 ms apart (as seen on the real services): the one that
   * skips a sequence number waits for its predecessor and both go on, in order, the moment it comes; a reading whose
   * predecessor never comes goes on after the hold.
   */
  @Test
  void liveReadingsThatCrossGoOnInSequenceAsSoonAsTheGapFills() throws Exception {
    var h = opened(NOW);
    send(h, rain("lv-1", NOW - 100, 9)); // fresh: at once
    h.setProcessingTime(NOW + 500);
    send(h, rain("lv-1", NOW + 400, 10)); // the next in sequence: at once
    h.setProcessingTime(NOW + 1_100);
    send(h, rain("lv-1", NOW + 1_000, 12)); // fresh, but seq 11 is missing: held
    assertThat(times(h, "lv-1")).containsExactly(NOW - 100, NOW + 400);
    h.setProcessingTime(NOW + 1_300);
    send(h, rain("lv-1", NOW + 500, 11)); // the slow reader's, 800 ms late: 11 and then 12 go on at once
    assertThat(times(h, "lv-1")).containsExactly(NOW - 100, NOW + 400, NOW + 500, NOW + 1_000);
    assertThat(h.numProcessingTimeTimers()).isZero();

    h.setProcessingTime(NOW + 2_000);
    send(h, rain("lv-1", NOW + 1_900, 14)); // 13 was lost for good: held for the hold, then on
    assertThat(times(h, "lv-1")).hasSize(4);
    h.setProcessingTime(NOW + 2_000 + HOLD + 100);
    assertThat(times(h, "lv-1")).hasSize(5).endsWith(NOW + 1_900);
    h.setProcessingTime(NOW + 7_500);
    send(h, rain("lv-1", NOW + 7_400, 15)); // and the sequence goes on from 14
    assertThat(times(h, "lv-1")).hasSize(6);
    assertThat(deadLetters(h)).isEmpty();
    h.close();
  }

  /** A gateway that numbers all its messages gives each sensor gaps of its own: not a sequence, nothing held. */
  @Test
  void numbersWithGapsOfTheirOwnAreNotASequence() throws Exception {
    var h = opened(NOW);
    for (int i = 0; i < 5; i++) {
      h.setProcessingTime(NOW + i * 1_000L);
      send(h, rain("rg-7", NOW + i * 1_000L - 50, 100 + 3L * i)); // seq 100, 103, 106, ...
      assertThat(times(h, "rg-7")).as("reading %d at once", i).hasSize(i + 1);
    }
    h.close();
  }

  /** After a day offline the resend waits for its other half; the other sensors carry on live, none late. */
  @Test
  void aGatewayResendAfterNewerReadingsOfOtherSensorsIsAnalysedWhole() throws Exception {
    var h = opened(NOW);
    for (int i = 0; i < 30; i++) { // another gauge, live, moves the job's notion of "now" on
      h.setProcessingTime(NOW + i * 1_000L);
      send(h, rain("rg-live", NOW + i * 1_000L, i));
    }
    assertThat(times(h, "rg-live")).hasSize(30);
    // rg-2 was last heard a day ago; its gateway now resends the day, newest half first through one reader.
    h.setProcessingTime(NOW + 30_000);
    long dayAgo = NOW - 24 * HOUR;
    for (int i = 143; i >= 0; i -= 2) {
      send(h, rain("rg-2", dayAgo + i * 10 * MIN, i));
    }
    h.setProcessingTime(NOW + 31_000);
    for (int i = 142; i >= 0; i -= 2) {
      send(h, rain("rg-2", dayAgo + i * 10 * MIN, i));
    }
    h.setProcessingTime(NOW + 31_000 + HOLD + 200);
    List<Long> got = times(h, "rg-2");
    assertThat(got).hasSize(144).isSorted();
    assertThat(deadLetters(h)).isEmpty();
    h.close();
  }

  /** A copy is recognised whether it comes live, later, or inside the same held burst. */
  @Test
  void duplicatesAreDeadLetteredOnceInEveryPath() throws Exception {
    var h = opened(NOW);
    send(h, rain("rg-1", NOW - 1_000, 7));
    h.setProcessingTime(NOW + 1_000);
    send(h, rain("rg-1", NOW - 1_000, 7)); // redelivered a second later
    long old = NOW - 2 * HOUR;
    h.setProcessingTime(NOW + 2_000);
    send(h, rain("rg-3", old, 1)); // a burst with a copy inside
    send(h, rain("rg-3", old + MIN, 2));
    send(h, rain("rg-3", old, 1));
    h.setProcessingTime(NOW + 2_000 + HOLD + 100);
    assertThat(times(h, "rg-1")).containsExactly(NOW - 1_000);
    assertThat(times(h, "rg-3")).containsExactly(old, old + MIN);
    assertThat(deadLetters(h)).extracting(DeadLetter::reason).containsExactly("duplicate", "duplicate");
    assertThat(deadLetters(h).get(1).detail()).contains("hill-a/rain/rg-3").contains("seq 1");
    h.close();
  }

  /** Held readings and the memory of copies survive a restore; the restored timer lets the held ones go. */
  @Test
  void heldReadingsAndCopiesSurviveARestore() throws Exception {
    var h = opened(NOW);
    long old = NOW - 5 * HOUR;
    send(h, rain("rg-1", old + 2 * MIN, 2)); // a resend: held
    send(h, rain("rg-1", old + MIN, 1));
    OperatorSubtaskState snapshot = h.snapshot(1, NOW + 100);
    h.close();

    var restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    restored.setProcessingTime(NOW + 200);
    send(restored, rain("rg-1", old + 3 * MIN, 3)); // the other reader's, after the restore: held with them
    send(restored, rain("rg-1", old + MIN, 1)); // a redelivery of one held before the checkpoint
    assertThat(restored.extractOutputValues()).isEmpty();
    restored.setProcessingTime(NOW + HOLD + 300);
    assertThat(times(restored, "rg-1")).containsExactly(old + MIN, old + 2 * MIN, old + 3 * MIN);
    assertThat(deadLetters(restored)).extracting(DeadLetter::reason).containsExactly("duplicate");
    restored.setProcessingTime(NOW + HOLD + 400);
    send(restored, rain("rg-1", old + 2 * MIN, 2)); // and of one passed on: out of order, and a copy
    assertThat(deadLetters(restored)).extracting(DeadLetter::reason).containsExactly("duplicate", "duplicate");
    restored.close();
  }
}
