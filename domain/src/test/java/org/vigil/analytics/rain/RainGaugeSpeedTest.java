package org.vigil.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures add + snapshot for a gauge reporting every minute through 15 days of unbroken rain (the worst case: the
 * current event spans the whole kept history, so the event walk is longest). Logs the figure; does not assert it
 * (timing on a shared machine is not a test), but checks the answers so the loop cannot be optimised away.
 */
class RainGaugeSpeedTest {

  private static final Logger LOG = LoggerFactory.getLogger(RainGaugeSpeedTest.class);
  private static final long MIN = 60_000L;

  @Test
  void oneMinuteGaugeInLongRain() {
    RainOptions o = RainOptions.defaults();
    RainGauge g = new RainGauge();
    long t0 = 1_000 * 86_400_000L;
    int warm = 5 * 1440; // five days: the history (264 h) is not yet full
    int measured = 10 * 1440;
    double check = 0;
    long startNs = 0;
    for (int i = 0; i < warm + measured; i++) {
      if (i == warm) {
        startNs = System.nanoTime();
      }
      long t = t0 + i * MIN;
      g.add(t, 0.2, o);
      check += g.snapshot(t, o).mm1h();
    }
    long ns = System.nanoTime() - startNs;
    LOG.info(
        "add+snapshot, 1-minute reports, rain throughout: {} µs per report on average over {} reports ({} kept)",
        String.format("%.2f", ns / 1000.0 / measured),
        measured,
        g.size);
    long end = t0 + (warm + measured - 1L) * MIN;
    RainSnapshot s = g.snapshot(end, o);
    assertThat(s.mm1h()).isCloseTo(12.0, within(1e-9)); // 60 reports * 0.2 mm
    assertThat(s.mm24h()).isCloseTo(288.0, within(1e-9)); // 1440 * 0.2
    // The event is cut at the history's start, end - 264 h = t0 + 95 h 59 min. That lies in the hour tier: bucket
    // (t0 + 95 h, t0 + 96 h], stamped t0 + 96 h, is kept whole, so the event holds the reports at minutes 5701..21599
    // (t0 + 95 h 1 min .. end) = 15899 reports * 0.2 = 3179.8 mm (exactly cut: 15840 reports, 3168 mm; the difference is
    // the documented edge error of one bucket).
    assertThat(s.event().totalMm()).isCloseTo(3179.8, within(1e-6));
    // Entries: fine ones newer than the tier edge (at most 24 h + 2 h of minutes) plus hour buckets back to the
    // history's start and one eviction batch: at most 1560 + 264 + 33 + 2.
    assertThat(g.size).isLessThanOrEqualTo(1560 + 264 + 33 + 2);
    assertThat(check).isGreaterThan(0);
  }
}
