package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

/**
 * The event-time gate in Flink's keyed harness, watermarks set by hand. Allowed lateness 60 min throughout, so a
 * reading is late when its time is before {@code watermark - 60 min}.
 */
class OrderAndDedupeFunctionTest {

  private static final long MIN = 60_000L;
  private static final long T0 = 1_795_852_800_000L; // 2026-11-28T08:00:00Z

  private static Reading rain(String sensor, long ts, long seq, double mm) {
    return new Reading("hill-a", SensorKind.RAIN, sensor, ts, seq, Map.of("rain_mm", mm), Double.NaN, Double.NaN, null);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new OrderAndDedupeFunction(60 * MIN)), Reading::subject, Types.STRING);
    return h;
  }

  private static void send(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> h, Reading r) throws Exception {
    h.processElement(r, r.timestampMs());
  }

  private static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> h) {
    var q = h.getSideOutput(OrderAndDedupeFunction.DEAD_LETTERS);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  private static List<Reading> late(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> h) {
    var q = h.getSideOutput(OrderAndDedupeFunction.LATE);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void lateIsOlderThanWatermarkMinusAllowedLateness() throws Exception {
    var h = harness();
    h.open();
    send(h, rain("rg-1", T0 - 10 * 60 * MIN, 0, 1)); // no watermark yet: nothing is late, however old
    h.processWatermark(T0);
    send(h, rain("rg-1", T0 - 59 * MIN, 1, 2)); // out of order, inside the lateness: accepted
    send(h, rain("rg-1", T0 - 60 * MIN, 2, 3)); // exactly watermark - lateness: not before it, accepted
    send(h, rain("rg-1", T0 - 60 * MIN - 1, 3, 4)); // one millisecond more: late
    send(h, rain("rg-2", T0 - 3 * 60 * MIN, 0, 5)); // another gauge, same watermark: late

    assertThat(h.extractOutputValues()).extracting(Reading::timestampMs)
        .containsExactly(T0 - 600 * MIN, T0 - 59 * MIN, T0 - 60 * MIN);
    assertThat(late(h)).extracting(Reading::sensorId, Reading::timestampMs)
        .containsExactly(tuple("rg-1", T0 - 60 * MIN - 1), tuple("rg-2", T0 - 180 * MIN));
    List<DeadLetter> dead = deadLetters(h);
    assertThat(dead).extracting(DeadLetter::reason).containsExactly("late", "late");
    assertThat(dead.get(0).topic()).isEqualTo("vigil/hill-a/rain/rg-1/data");
    assertThat(dead.get(0).detail())
        .startsWith("stored with late=true but not used in analytics")
        .contains("PT1H0.001S behind the watermark 2026-11-28T08:00:00Z");
    assertThat(dead.get(0).payload()).isEqualTo("{\"ts\":" + (T0 - 60 * MIN - 1) + ",\"seq\":3,\"values\":{\"rain_mm\":4.0}}");
    h.close();
  }

  @Test
  void duplicateIsSameTimestampAndSequence() throws Exception {
    var h = harness();
    h.open();
    h.processWatermark(T0);
    send(h, rain("rg-1", T0 - 30 * MIN, 5, 1.0));
    send(h, rain("rg-1", T0 - 30 * MIN, 5, 1.0)); // redelivered: duplicate
    send(h, rain("rg-1", T0 - 30 * MIN, 5, 9.9)); // same time and seq, other value: still a duplicate
    send(h, rain("rg-1", T0 - 30 * MIN, 6, 1.0)); // same time, other seq: a different reading
    send(h, rain("rg-2", T0 - 30 * MIN, 5, 1.0)); // same time and seq at another gauge
    send(h, rain("rg-1", T0 - 20 * MIN, -1, 1.0)); // no seq
    send(h, rain("rg-1", T0 - 20 * MIN, -1, 1.0)); // no seq, same time: duplicate

    assertThat(h.extractOutputValues()).extracting(Reading::sensorId, Reading::timestampMs, Reading::seq)
        .containsExactly(
            tuple("rg-1", T0 - 30 * MIN, 5L),
            tuple("rg-1", T0 - 30 * MIN, 6L),
            tuple("rg-2", T0 - 30 * MIN, 5L),
            tuple("rg-1", T0 - 20 * MIN, -1L));
    assertThat(deadLetters(h)).extracting(DeadLetter::reason).containsExactly("duplicate", "duplicate", "duplicate");
    assertThat(deadLetters(h).get(0).detail()).contains("with seq 5 was already accepted");
    assertThat(late(h)).isEmpty();
    h.close();
  }

  @Test
  void seenReadingsArePrunedOnceTheWatermarkPassesTheHorizon() throws Exception {
    var h = harness();
    h.open();
    h.processWatermark(T0);
    send(h, rain("rg-1", T0, 1, 1.0)); // cleanup timer at T0 + 61 min (T0 + 60 min rounded up to the next minute)
    send(h, rain("rg-1", T0 + 30 * 1000, 2, 1.0)); // same minute: same timer
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    assertThat(h.numKeyedStateEntries()).isEqualTo(1); // one map state for the key

    h.processWatermark(T0 + 60 * MIN);
    send(h, rain("rg-1", T0, 1, 1.0)); // T0 is not before watermark - 60 min: inside the horizon, a duplicate
    assertThat(deadLetters(h)).extracting(DeadLetter::reason).containsExactly("duplicate");
    h.processWatermark(T0 + 61 * MIN - 1); // the timer is not due yet: the entries stay
    assertThat(h.numEventTimeTimers()).isEqualTo(1);

    h.processWatermark(T0 + 61 * MIN); // timer fires; both entries are before T0 + 1 min = watermark - lateness
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.numKeyedStateEntries()).isZero();
    send(h, rain("rg-1", T0, 1, 1.0)); // now late, not a duplicate: stored flagged
    assertThat(deadLetters(h)).extracting(DeadLetter::reason).containsExactly("duplicate", "late");
    h.close();
  }

  @Test
  void anActiveSensorKeepsOneCleanupTimerThatMovesOnWhenItFires() throws Exception {
    var h = harness();
    h.open();
    h.processWatermark(T0);
    send(h, rain("rg-1", T0, 1, 1.0)); // timer at T0 + 61 min
    send(h, rain("rg-1", T0 + 10 * MIN, 2, 1.0)); // other minutes: still the one timer
    send(h, rain("rg-1", T0 + 30 * MIN, 3, 1.0));
    assertThat(h.numEventTimeTimers()).isEqualTo(1);

    h.processWatermark(T0 + 61 * MIN); // fires: the run ends at T0 + 30 min, after the cutoff T0 + 1 min: kept
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    assertThat(h.numEventTimeTimers()).isEqualTo(1); // next: T0 + 30 min + 60 min, rounded up: T0 + 91 min
    send(h, rain("rg-1", T0 + 10 * MIN, 2, 1.0)); // still inside the horizon: a duplicate
    assertThat(deadLetters(h)).extracting(DeadLetter::reason).containsExactly("duplicate");

    h.processWatermark(T0 + 91 * MIN - 1);
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    h.processWatermark(T0 + 91 * MIN); // cutoff T0 + 31 min: the run is over, the state goes
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }

  @Test
  void afterARestoreReplayedReadingsAreNewButCheckpointedOnesAreDuplicates() throws Exception {
    var h = harness();
    h.open();
    h.processWatermark(T0);
    send(h, rain("rg-1", T0 + MIN, 1, 1.0));
    OperatorSubtaskState snapshot = h.snapshot(1, 0);
    send(h, rain("rg-1", T0 + 2 * MIN, 2, 1.0)); // after the checkpoint: lost in the crash, replayed by the broker
    h.close();

    var restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    send(restored, rain("rg-1", T0 + 2 * MIN, 2, 1.0)); // replay: not in the restored state, so accepted
    send(restored, rain("rg-1", T0 + MIN, 1, 1.0)); // in the checkpoint: a duplicate
    assertThat(restored.extractOutputValues()).extracting(Reading::seq).containsExactly(2L);
    assertThat(deadLetters(restored)).extracting(DeadLetter::reason).containsExactly("duplicate");
    restored.close();
  }

  @Test
  void seenKeepsAnInOrderNumberedSensorAsOneRunAndComparesItsEndsExactly() {
    var s = new OrderAndDedupeFunction.Seen();
    for (int i = 0; i < 20; i++) { // seq 0..19 at 0, 1, ..., 19 s: one run
      s.add(1_000L * i, i);
    }
    assertThat(s.size).isEqualTo(1);
    assertThat(s.contains(5_000, 5)).isTrue();
    assertThat(s.contains(0, 0)).isTrue();
    assertThat(s.contains(19_000, 19)).isTrue();
    assertThat(s.contains(20_000, 20)).isFalse(); // the next reading
    assertThat(s.contains(0, 1)).isFalse(); // at the run's start only its first seq
    assertThat(s.contains(19_000, 18)).isFalse(); // at the run's end only its last seq
    assertThat(s.contains(25_000, 5)).isFalse(); // a counter reset: seq inside, time after the run
    // Inside the span the time of each seq is not kept: (5.5 s, 5) is taken for a copy (documented on Seen).
    assertThat(s.contains(5_500, 5)).isTrue();

    s.add(5_500, 100); // out of order: a run of its own, ordered by time
    s.add(5_000, 101); // same time as seq 5, other seq
    assertThat(s.size).isEqualTo(3);
    assertThat(s.contains(5_000, 101)).isTrue();
    assertThat(s.contains(5_500, 100)).isTrue();
    assertThat(s.contains(5_500, 101)).isFalse();
    assertThat(s.tsLo[0]).isLessThanOrEqualTo(s.tsLo[1]);
    assertThat(s.tsLo[1]).isLessThanOrEqualTo(s.tsLo[2]);

    s.add(20_000, 20); // in order again, but the newest run by time is (5 s, 101): a new run, extended from here
    for (int i = 21; i < 40; i++) {
      s.add(1_000L * i, i);
    }
    assertThat(s.size).isEqualTo(4);
    for (int i = 0; i < 40; i++) {
      assertThat(s.contains(1_000L * i, i)).as("seq %d", i).isTrue();
    }
    s.dropAllBefore(6_000); // the runs that ended before 6 s go; the first run ended at 19 s and stays whole
    assertThat(s.size).isEqualTo(2);
    assertThat(s.contains(5_000, 101)).isFalse();
    assertThat(s.contains(5_000, 5)).isTrue();
    s.dropAllBefore(Long.MAX_VALUE);
    assertThat(s.isEmpty()).isTrue();
  }

  @Test
  void seenComparesReadingsWithoutSequenceNumbersExactly() {
    var s = new OrderAndDedupeFunction.Seen();
    for (int i = 0; i < 100; i++) {
      s.add(1_000L * i, -1);
    }
    assertThat(s.size).isEqualTo(100); // each its own run
    assertThat(s.contains(42_000, -1)).isTrue();
    assertThat(s.contains(42_500, -1)).isFalse(); // a late reading between two others is new
    s.add(42_500, -1);
    assertThat(s.contains(42_500, -1)).isTrue();
    assertThat(s.contains(42_500, 7)).isFalse();

    s.dropBefore(50_000); // lazily: nothing before a minute past the oldest run's end
    assertThat(s.size).isEqualTo(101);
    s.dropBefore(70_001); // more than a minute past the oldest end (0 s): compacted, runs ending before 70.001 s gone
    assertThat(s.size).isEqualTo(29); // 71..99 s
    assertThat(s.contains(71_000, -1)).isTrue();
  }
}
