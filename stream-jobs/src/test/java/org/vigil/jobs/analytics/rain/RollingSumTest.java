package org.vigil.jobs.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RollingSumTest {

  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;

  @Test
  void windowIsOpenAtTheStartAndClosedAtTheEnd() {
    RollingSum r = new RollingSum();
    // 1 mm every 15 minutes from 0 to 60 min: five tips.
    for (long t = 0; t <= 60 * MIN; t += 15 * MIN) {
      r.add(t, 1.0);
    }
    // At 60 min, (0, 60] holds the tips at 15, 30, 45 and 60: the tip at exactly 0 is one hour old and out.
    assertThat(r.sum(60 * MIN, HOUR)).isEqualTo(4.0);
    // One millisecond earlier, (-1 ms, 59:59.999] holds 0, 15, 30, 45.
    assertThat(r.sum(60 * MIN - 1, HOUR)).isEqualTo(4.0);
    // At 60 min + 1 ms the window (1 ms, 60 min + 1 ms] still holds 15, 30, 45, 60.
    assertThat(r.sum(60 * MIN + 1, HOUR)).isEqualTo(4.0);
    // At 75 min the tip at 15 min leaves exactly at the edge: 30, 45, 60 remain.
    assertThat(r.sum(75 * MIN, HOUR)).isEqualTo(3.0);
    // A reading after the end is not counted.
    assertThat(r.sum(30 * MIN, HOUR)).isEqualTo(3.0); // 0, 15, 30
  }

  @Test
  void sameTimestampReplacesSoReplaysDoNotDoubleCount() {
    RollingSum r = new RollingSum();
    r.add(10 * MIN, 2.5);
    r.add(20 * MIN, 1.0);
    r.add(10 * MIN, 2.5); // redelivered
    assertThat(r.size).isEqualTo(2);
    assertThat(r.sum(20 * MIN, HOUR)).isEqualTo(3.5);
  }

  @Test
  void lateIncrementsAreInsertedInOrder() {
    RollingSum r = new RollingSum();
    r.add(50 * MIN, 1.0);
    r.add(70 * MIN, 2.0);
    r.add(5 * MIN, 4.0); // late, and older than one hour before 70 min
    r.add(30 * MIN, 8.0); // late, inside the window
    assertThat(r.times).startsWith(5 * MIN, 30 * MIN, 50 * MIN, 70 * MIN);
    // (10, 70]: 30, 50, 70 -> 8 + 1 + 2
    assertThat(r.sum(70 * MIN, HOUR)).isEqualTo(11.0);
    assertThat(r.latest()).isEqualTo(70 * MIN);
  }

  @Test
  void evictionDropsOnlyOldEntries() {
    RollingSum r = new RollingSum();
    for (int i = 0; i < 100; i++) { // grows past the initial capacity of 16
      r.add(i * MIN, 0.2);
    }
    r.evictUpTo(39 * MIN);
    assertThat(r.size).isEqualTo(60);
    assertThat(r.times[0]).isEqualTo(40 * MIN);
    r.evictUpTo(39 * MIN + 30_000); // between entries: nothing more goes
    assertThat(r.size).isEqualTo(60);
    // (39, 99] -> 60 tips of 0.2 mm
    assertThat(r.sum(99 * MIN, HOUR)).isCloseTo(12.0, within(1e-9));
  }

  @Test
  void gapsAreJustMissingIncrements() {
    RollingSum r = new RollingSum();
    r.add(0, 3.0);
    r.add(2 * HOUR, 1.0); // the gauge was silent for two hours
    assertThat(r.sum(2 * HOUR, HOUR)).isEqualTo(1.0);
    assertThat(new RollingSum().sum(0, HOUR)).isZero();
  }
}
