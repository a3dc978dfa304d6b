package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DistinctTimesTest {

  @Test
  void aTakenMillisecondOfASeriesGivesTheNextFreeOne() {
    DistinctTimes t = new DistinctTimes(100);
    assertThat(t.claim("a", 10)).isEqualTo(10);
    assertThat(t.claim("a", 10)).isEqualTo(11);
    assertThat(t.claim("a", 11)).isEqualTo(12); // 11 is taken by the moved one
    assertThat(t.claim("b", 10)).isEqualTo(10); // another series is free at 10
    assertThat(t.claim("a", 5)).isEqualTo(5); // earlier times are not moved
  }

  @Test
  void memoryIsBounded() {
    DistinctTimes t = new DistinctTimes(2);
    t.claim("a", 1);
    t.claim("a", 2);
    t.claim("a", 3); // forgets a@1
    assertThat(t.claim("a", 1)).isEqualTo(1);
    assertThatThrownBy(() -> new DistinctTimes(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
