package org.vigil.alerts.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void appendKeepsOnlyTheWindowAndIgnoresOldSamples() {
    Samples s = Samples.empty().append(1000, 1, 3000).append(2000, 2, 3000).append(3000, 3, 3000);
    // keep 3000 ms: at t=4000 samples at or before 1000 go.
    s = s.append(4000, 4, 3000);
    assertThat(s.ts()).containsExactly(2000, 3000, 4000);
    assertThat(s.append(4000, 9, 3000)).isEqualTo(s);
    assertThat(s.append(3500, 9, 3000)).isEqualTo(s);
    assertThat(s.window(2000, 3000)).containsExactly(3);
    assertThat(s.window(1999, 4000)).containsExactly(2, 3, 4);
    assertThat(s.oldestIn(2000, 4000)).isEqualTo(3000);
  }

  @Test
  void statisticsByHand() {
    double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
    // mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; population variance 4; sd 2.
    assertThat(Samples.mean(v)).isEqualTo(5.0);
    assertThat(Samples.sd(v)).isCloseTo(2.0, within(1e-12));
    assertThat(Samples.median(v)).isEqualTo(4.5);
    assertThat(Samples.median(new double[] {3, 1, 2})).isEqualTo(2.0);
    assertThat(Samples.mean(new double[0])).isNaN();
  }
}
