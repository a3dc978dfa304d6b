package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The duplicate memory of a sensor: runs of consecutive sequence numbers, compared exactly at their ends. */
class SeenRunsTest {

  @Test
  void seenKeepsAnInOrderNumberedSensorAsOneRunAndComparesItsEndsExactly() {
    var s = new SeenRuns();
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
    // Inside the span the time of each seq is not kept: (5.5 s, 5) is taken for a copy (documented on SeenRuns).
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
    var s = new SeenRuns();
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
