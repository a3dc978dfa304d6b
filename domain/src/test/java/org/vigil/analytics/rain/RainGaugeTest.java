package org.vigil.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RainGaugeTest {

  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;
  private static final long DAY = 24 * HOUR;
  /** An arbitrary midnight, far enough from 0 that no window reaches negative time. */
  private static final long T0 = 100 * DAY;

  private static final RainOptions DEFAULTS = RainOptions.defaults();

  @Test
  void eachWindowIsOpenAtItsStartAndClosedAtItsEnd() {
    RainGauge g = new RainGauge();
    long a = T0 + 80 * HOUR;
    // Powers of two, so each sum says exactly which reports are in: one report exactly at each window's start
    // (out) and one a millisecond later (in).
    long[] offsets = {72 * HOUR, 24 * HOUR, 3 * HOUR, HOUR, 10 * MIN};
    double amount = 1;
    for (long w : offsets) {
      assertThat(g.add(a - w, amount, DEFAULTS)).isTrue();
      assertThat(g.add(a - w + 1, amount * 2, DEFAULTS)).isTrue();
      amount *= 4;
    }
    g.add(a, 1024, DEFAULTS);
    // at 72h-edge: 1 out, 2 in; 24h: 4 out, 8 in; 3h: 16 out, 32 in; 1h: 64 out, 128 in; 10m: 256 out, 512 in; end: 1024
    RainSnapshot s = g.snapshot(a, DEFAULTS);
    assertThat(s.mm10m()).isEqualTo(1536.0); // 512 + 1024
    assertThat(s.mm1h()).isEqualTo(1920.0); // 128 + 256 + 512 + 1024
    assertThat(s.mm3h()).isEqualTo(2016.0); // 32 + 64 + 1920
    assertThat(s.mm24h()).isEqualTo(2040.0); // 8 + 16 + 2016
    assertThat(s.mm72h()).isEqualTo(2046.0); // 2 + 4 + 2040
    // One millisecond later each "+1 ms" report sits exactly on its window's start and leaves that window.
    RainSnapshot later = g.snapshot(a + 1, DEFAULTS);
    assertThat(later.mm10m()).isEqualTo(1024.0); // 256 and 512 out
    assertThat(later.mm1h()).isEqualTo(1792.0); // 256 + 512 + 1024 (128 now out)
    // The 72 h window's start lies in the hour tier (entries more than 24 h behind the newest are merged into hour
    // buckets (h, h + 1 h] stamped at their end): the 1 at a - 72 h is bucket (a - 73 h, a - 72 h], stamped a - 72 h,
    // out; the 2 at a - 72 h + 1 ms is bucket (a - 72 h, a - 71 h], stamped a - 71 h, so still in at a + 1 ms (the
    // documented edge error: one bucket). Exactly: 2046 - 2 = 2044; with the hour tier: 2046.
    assertThat(later.mm72h()).isEqualTo(2046.0);
    assertThat(later.mm24h()).isEqualTo(2032.0); // 24 h is fine: 2040 - 8 (the 8 at a - 24 h + 1 ms is now out)
  }

  @Test
  void silenceCountsAsNoRain() {
    RainGauge g = new RainGauge();
    assertThat(g.snapshot(T0, DEFAULTS).mm72h()).isZero();
    assertThat(g.snapshot(T0, DEFAULTS).event()).isNull();
    g.add(T0, 3.0, DEFAULTS);
    g.add(T0 + 5 * HOUR, 1.0, DEFAULTS); // silent for five hours in between
    RainSnapshot during = g.snapshot(T0 + 2 * HOUR, DEFAULTS);
    assertThat(during.mm1h()).isZero(); // (T0+1h, T0+2h] is empty
    assertThat(during.mm3h()).isEqualTo(3.0); // (T0-1h, T0+2h] holds the 3.0 at T0
    RainSnapshot after = g.snapshot(T0 + 5 * HOUR, DEFAULTS);
    assertThat(after.mm10m()).isEqualTo(1.0);
    assertThat(after.mm1h()).isEqualTo(1.0);
    assertThat(after.mm3h()).isEqualTo(1.0); // (T0+2h, T0+5h]
    assertThat(after.mm24h()).isEqualTo(4.0); // 3 + 1
    assertThat(after.mm72h()).isEqualTo(4.0);
  }

  @Test
  void aLateReportCorrectsTheSums() {
    RainGauge g = new RainGauge();
    g.add(T0 + 10 * MIN, 1.0, DEFAULTS);
    g.add(T0 + 30 * MIN, 1.0, DEFAULTS);
    g.add(T0 + 50 * MIN, 1.0, DEFAULTS);
    assertThat(g.snapshot(T0 + HOUR, DEFAULTS).mm1h()).isEqualTo(3.0); // 1 + 1 + 1
    assertThat(g.add(T0 + 20 * MIN, 2.5, DEFAULTS)).isTrue(); // arrives after the one at 50 min
    assertThat(g.snapshot(T0 + HOUR, DEFAULTS).mm1h()).isEqualTo(5.5); // 1 + 2.5 + 1 + 1
    assertThat(g.snapshot(T0 + HOUR, DEFAULTS).mm10m()).isZero(); // (50, 60]: the report at 50 is on the edge, out
    assertThat(g.snapshot(T0 + 55 * MIN, DEFAULTS).mm10m()).isEqualTo(1.0); // (45, 55] holds the report at 50
    assertThat(g.snapshot(T0 + 25 * MIN, DEFAULTS).mm10m()).isEqualTo(2.5); // (15, 25] holds the late one
    assertThat(g.times).startsWith(T0 + 10 * MIN, T0 + 20 * MIN, T0 + 30 * MIN, T0 + 50 * MIN);
  }

  @Test
  void aReplayedReportReplacesInsteadOfAdding() {
    RainGauge g = new RainGauge();
    g.add(T0, 2.0, DEFAULTS);
    g.add(T0 + MIN, 0.5, DEFAULTS);
    g.add(T0, 2.0, DEFAULTS); // redelivered
    assertThat(g.size).isEqualTo(2);
    assertThat(g.snapshot(T0 + MIN, DEFAULTS).mm1h()).isEqualTo(2.5); // 2.0 + 0.5, not 4.5
    g.add(T0, 1.5, DEFAULTS); // a corrected value for the same interval replaces it too
    assertThat(g.snapshot(T0 + MIN, DEFAULTS).mm1h()).isEqualTo(2.0); // 1.5 + 0.5
  }

  @Test
  void reportsOlderThanTheHistoryOrInvalidAreRefused() {
    RainGauge g = new RainGauge();
    // Default history: max(72 h, (10 + 1) * 24 h) = 264 h.
    assertThat(DEFAULTS.historyMs()).isEqualTo(264 * HOUR);
    g.add(T0 + 300 * HOUR, 1.0, DEFAULTS);
    assertThat(g.add(T0 + 36 * HOUR, 5.0, DEFAULTS)).isFalse(); // 300 h - 264 h = 36 h: exactly at the edge
    assertThat(g.add(T0 + 36 * HOUR + 1, 5.0, DEFAULTS)).isTrue(); // one millisecond inside
    assertThat(g.add(T0 + 299 * HOUR, -0.2, DEFAULTS)).isFalse();
    assertThat(g.add(T0 + 299 * HOUR, Double.NaN, DEFAULTS)).isFalse();
    assertThat(g.add(T0 + 299 * HOUR, Double.POSITIVE_INFINITY, DEFAULTS)).isFalse();
    assertThat(g.size).isEqualTo(2);
  }

  @Test
  void oldReportsAreEvictedInBatchesAndTheAntecedentSumStaysRight() {
    RainGauge g = new RainGauge();
    for (int i = 0; i < 600; i++) {
      assertThat(g.add(T0 + i * HOUR, 1.0, DEFAULTS)).isTrue();
    }
    // History 264 h plus at most one batch of 264/8 = 33 h waiting for eviction, plus the newest.
    assertThat(g.size).isLessThanOrEqualTo(264 + 33 + 1);
    RainSnapshot s = g.snapshot(T0 + 599 * HOUR, DEFAULTS);
    assertThat(s.mm24h()).isEqualTo(24.0); // hourly reports at 576..599 h
    assertThat(s.mm72h()).isEqualTo(72.0);
    // Every earlier 24-hour block also holds 24 mm: R_a = 24 * (0.8 + 0.8^2 + ... + 0.8^10)
    //   = 24 * 0.8 * (1 - 0.8^10) / (1 - 0.8) = 24 * 4 * (1 - 0.1073741824) = 85.6920784896
    assertThat(s.antecedentMm()).isCloseTo(85.692078, within(1e-6));
    assertThat(s.effectiveMm()).isCloseTo(109.692078, within(1e-6)); // 24 + 85.6920784896
  }

  @Test
  void antecedentRainfallDecaysDayByDay() {
    RainOptions o = DEFAULTS.withAntecedent(0.8, 3);
    RainGauge g = new RainGauge();
    long a = T0 + 10 * DAY;
    g.add(a - HOUR, 10, o); // R_0: (a - 24 h, a]
    g.add(a - 25 * HOUR, 20, o); // R_1: (a - 48 h, a - 24 h]
    g.add(a - 48 * HOUR, 30, o); // R_2: (a - 72 h, a - 48 h], at the block's end, so inside
    g.add(a - 84 * HOUR, 40, o); // R_3: (a - 96 h, a - 72 h]
    g.add(a - 96 * HOUR + 1, 0, o); // a dry report, changes nothing
    RainSnapshot s = g.snapshot(a, o);
    assertThat(s.mm24h()).isEqualTo(10.0);
    assertThat(s.mm72h()).isEqualTo(60.0); // 10 + 20 + 30; the 40 at a - 84 h is older
    // R_a = 0.8 * 20 + 0.8^2 * 30 + 0.8^3 * 40 = 16 + 0.64 * 30 + 0.512 * 40 = 16 + 19.2 + 20.48 = 55.68
    assertThat(s.antecedentMm()).isCloseTo(55.68, within(1e-9));
    assertThat(s.effectiveMm()).isCloseTo(65.68, within(1e-9)); // 10 + 55.68
    // A day later everything is one block older and the 40 mm drops out of n = 3:
    // R_0 = 0, R_1 = 10, R_2 = 20, R_3 = 30: R_a = 8 + 12.8 + 15.36 = 36.16
    assertThat(g.snapshot(a + DAY, o).antecedentMm()).isCloseTo(36.16, within(1e-9));
  }

  /** Zero reports every 10 minutes from 08:00 to 23:50, with wet reports where given. */
  private static RainGauge tenMinuteGauge(RainOptions o, double[][] wet) {
    RainGauge g = new RainGauge();
    for (long t = T0 + 8 * HOUR; t < T0 + DAY; t += 10 * MIN) {
      g.add(t, 0, o);
    }
    for (double[] w : wet) { // {first wet report hour:minute as minutes, count, mm each}
      for (int i = 0; i < (int) w[1]; i++) {
        g.add(T0 + (long) w[0] * MIN + i * 10 * MIN, w[2], o);
      }
    }
    return g;
  }

  @Test
  void burstsFiveHoursApartAreOneEventAtASixHourGap() {
    // Burst A: 2 mm per report at 10:10 .. 11:00 (6 reports), so its first interval starts at 10:00.
    // Burst B: 3 mm per report at 16:10 .. 17:00 (6 reports): dry from 11:00 to 16:00 = 5 h < 6 h.
    RainGauge g = tenMinuteGauge(DEFAULTS, new double[][] {{10 * 60 + 10, 6, 2}, {16 * 60 + 10, 6, 3}});
    RainSnapshot s = g.snapshot(T0 + 17 * HOUR, DEFAULTS);
    RainEvent e = s.event();
    assertThat(e.startMs()).isEqualTo(T0 + 10 * HOUR);
    assertThat(e.lastRainMs()).isEqualTo(T0 + 17 * HOUR);
    assertThat(e.totalMm()).isEqualTo(30.0); // 6 * 2 + 6 * 3
    assertThat(e.durationH()).isEqualTo(7.0); // 10:00 to 17:00
    assertThat(e.meanIntensityMmH()).isCloseTo(4.285714, within(1e-6)); // 30 / 7
    // D = 7 h is inside both curves' ranges (ln 7 = 1.945910).
    // Caine: 14.82 * 7^-0.39 = 14.82 * exp(-0.39 * 1.945910) = 14.82 * exp(-0.758905) = 14.82 * 0.468179
    //   = 6.938410 mm/h > 4.285714: not exceeded.
    // Guzzetti: 2.20 * 7^-0.44 = 2.20 * exp(-0.44 * 1.945910) = 2.20 * exp(-0.856200) = 2.20 * 0.424773
    //   = 0.934501 mm/h: exceeded, ratio 4.285714 / 0.934501 = 4.586102.
    assertThat(s.idChecks()).hasSize(2);
    IdCheck caine = s.idChecks().get(0);
    assertThat(caine.curve()).isEqualTo(IdCurve.CAINE_1980);
    assertThat(caine.thresholdMmH()).isCloseTo(6.938410, within(1e-5));
    assertThat(caine.inRange()).isTrue();
    assertThat(caine.exceeded()).isFalse();
    IdCheck guzzetti = s.idChecks().get(1);
    assertThat(guzzetti.thresholdMmH()).isCloseTo(0.934501, within(1e-5));
    assertThat(guzzetti.exceeded()).isTrue();
    assertThat(guzzetti.ratio()).isCloseTo(4.586102, within(1e-5));
  }

  @Test
  void burstsSevenHoursApartAreTwoEvents() {
    // Burst B now at 18:10 .. 19:00: dry from 11:00 to 18:00 = 7 h >= 6 h.
    RainGauge g = tenMinuteGauge(DEFAULTS, new double[][] {{10 * 60 + 10, 6, 2}, {18 * 60 + 10, 6, 3}});
    RainSnapshot s = g.snapshot(T0 + 19 * HOUR, DEFAULTS);
    RainEvent e = s.event();
    assertThat(e.startMs()).isEqualTo(T0 + 18 * HOUR);
    assertThat(e.totalMm()).isEqualTo(18.0); // 6 * 3
    assertThat(e.durationH()).isEqualTo(1.0);
    assertThat(e.meanIntensityMmH()).isEqualTo(18.0);
    // D = 1 h: Caine 14.82 * 1^-0.39 = 14.82; 18 >= 14.82, ratio 18 / 14.82 = 1.214575. Guzzetti 2.20, ratio 8.181818.
    assertThat(s.idChecks().get(0).exceeded()).isTrue();
    assertThat(s.idChecks().get(0).ratio()).isCloseTo(1.214575, within(1e-6));
    assertThat(s.idChecks().get(1).ratio()).isCloseTo(8.181818, within(1e-6));
    // Before burst B, at 17:00, burst A's last rain (11:00) is exactly 6 h old: no current event.
    assertThat(g.snapshot(T0 + 17 * HOUR, DEFAULTS).event()).isNull();
    assertThat(g.snapshot(T0 + 17 * HOUR, DEFAULTS).idChecks()).isEmpty();
    // One millisecond earlier burst A is still current: 10:00 to 11:00, 12 mm.
    RainEvent a = g.snapshot(T0 + 17 * HOUR - 1, DEFAULTS).event();
    assertThat(a.startMs()).isEqualTo(T0 + 10 * HOUR);
    assertThat(a.totalMm()).isEqualTo(12.0);
  }

  @Test
  void aDryTimeOfExactlyTheGapSplitsAndALongerGapJoins() {
    // Burst B at 17:10 .. 17:20: dry from 11:00 to 17:00 = exactly 6 h, so two events.
    RainGauge g = tenMinuteGauge(DEFAULTS, new double[][] {{10 * 60 + 10, 6, 2}, {17 * 60 + 10, 2, 1}});
    assertThat(g.snapshot(T0 + 18 * HOUR, DEFAULTS).event().totalMm()).isEqualTo(2.0); // 1 + 1
    // With a 12 h gap the same rain is one event: 12 + 2 = 14 mm from 10:00 to 17:20 (7 h 20 min = 7.333333 h).
    RainOptions o = DEFAULTS.withDryGapMs(12 * HOUR);
    RainEvent e = g.snapshot(T0 + 18 * HOUR, o).event();
    assertThat(e.totalMm()).isEqualTo(14.0);
    assertThat(e.durationH()).isCloseTo(7.333333, within(1e-6));
  }

  @Test
  void aReportAfterSilenceCoversAtMostTheMaximumInterval() {
    RainGauge g = new RainGauge();
    // A tipping bucket that reports only tips. The first tip has no predecessor or successor: cap, 1 h.
    g.add(T0, 0.2, DEFAULTS);
    RainEvent first = g.snapshot(T0, DEFAULTS).event();
    assertThat(first.startMs()).isEqualTo(T0 - HOUR);
    assertThat(first.meanIntensityMmH()).isCloseTo(0.2, within(1e-12)); // 0.2 mm over 1 h
    // A second tip 10 min later: the oldest report now takes the interval to its successor, 10 min.
    g.add(T0 + 10 * MIN, 0.2, DEFAULTS);
    RainEvent two = g.snapshot(T0 + 10 * MIN, DEFAULTS).event();
    assertThat(two.startMs()).isEqualTo(T0 - 10 * MIN);
    assertThat(two.durationH()).isCloseTo(1.0 / 3, within(1e-12)); // 20 min
    assertThat(two.meanIntensityMmH()).isCloseTo(1.2, within(1e-9)); // 0.4 mm / (1/3 h)
    // A tip at T0 + 5 h 10 min: its interval is capped at 1 h (not 5 h), so it starts at T0 + 4 h 10 min;
    // dry time from T0 + 10 min is 4 h < 6 h: the same event.
    g.add(T0 + 5 * HOUR + 10 * MIN, 0.2, DEFAULTS);
    RainEvent three = g.snapshot(T0 + 5 * HOUR + 10 * MIN, DEFAULTS).event();
    assertThat(three.startMs()).isEqualTo(T0 - 10 * MIN);
    assertThat(three.totalMm()).isCloseTo(0.6, within(1e-9));
    assertThat(three.durationH()).isCloseTo(5 + 1.0 / 3, within(1e-12)); // T0 - 10 min to T0 + 5 h 10 min
  }

  @Test
  void outOfRangeDurationsAreReportedButNeverExceeded() {
    RainGauge g = new RainGauge();
    // Two one-minute reports: an event of 2 minutes = 0.033333 h, below both curves' minimum durations.
    g.add(T0, 0, DEFAULTS);
    g.add(T0 + MIN, 5, DEFAULTS);
    g.add(T0 + 2 * MIN, 5, DEFAULTS);
    RainSnapshot s = g.snapshot(T0 + 2 * MIN, DEFAULTS);
    assertThat(s.event().durationH()).isCloseTo(2.0 / 60, within(1e-12));
    assertThat(s.event().meanIntensityMmH()).isCloseTo(300.0, within(1e-9)); // 10 mm in 2 min
    assertThat(s.idChecks()).extracting(IdCheck::inRange).containsExactly(false, false);
    assertThat(s.idChecks()).extracting(IdCheck::exceeded).containsExactly(false, false);
  }

  @Test
  void aLateReportBetweenTwoEventsJoinsThem() {
    RainGauge g = tenMinuteGauge(DEFAULTS, new double[][] {{10 * 60 + 10, 6, 2}, {18 * 60 + 10, 6, 3}});
    assertThat(g.snapshot(T0 + 19 * HOUR, DEFAULTS).event().totalMm()).isEqualTo(18.0); // burst B alone, as above
    // A corrected report for 14:20-14:30 arrives late: dry 11:00 -> 14:20 = 3 h 20 min and 14:30 -> 18:00 = 3 h 30 min,
    // both below 6 h, so A, the late report and B are one event: 10:00 to 19:00, 12 + 1 + 18 = 31 mm over 9 h.
    g.add(T0 + 14 * HOUR + 30 * MIN, 1.0, DEFAULTS);
    RainEvent e = g.snapshot(T0 + 19 * HOUR, DEFAULTS).event();
    assertThat(e.startMs()).isEqualTo(T0 + 10 * HOUR);
    assertThat(e.totalMm()).isEqualTo(31.0);
    assertThat(e.durationH()).isEqualTo(9.0);
    assertThat(e.meanIntensityMmH()).isCloseTo(3.444444, within(1e-6)); // 31 / 9
  }

  @Test
  void theEventCacheNeverChangesAnAnswer() {
    // Showers of varying length and spacing, one report every 10 min for 4 days; a deterministic pattern.
    long[] t = new long[576];
    double[] v = new double[576];
    for (int i = 0; i < t.length; i++) {
      t[i] = T0 + i * 10 * MIN;
      v[i] = (i * 7919 % 97) < 30 || (i / 36) % 3 == 0 ? 0 : 0.1 * (i % 5);
    }
    // The shuffled gauge sees all 4 days at once, so with the default 24 h fine history its old reports would sit in
    // hour buckets while the in-order gauge still has them fine: a fine history longer than the 4 days keeps both at
    // full resolution, so they must agree exactly. (The cache under the hour tier is checked below with the defaults.)
    RainOptions fine = DEFAULTS.withFineHistoryMs(5 * DAY);
    RainGauge inOrder = new RainGauge();
    RainGauge shuffled = new RainGauge();
    RainGauge tiered = new RainGauge();
    for (int i = 0; i < t.length; i++) {
      int j = (int) ((i * 389L) % t.length); // 389 is prime to 576: a permutation
      shuffled.add(t[j], v[j], fine);
    }
    Set<Long> eventStarts = new HashSet<>();
    for (int i = 0; i < t.length; i++) {
      inOrder.add(t[i], v[i], fine);
      RainSnapshot cached = inOrder.snapshot(t[i] + 5 * MIN, fine);
      shuffled.cachedLastWetMs = Long.MIN_VALUE; // no cache: a full walk every time
      RainSnapshot fresh = shuffled.snapshot(t[i] + 5 * MIN, fine);
      assertThat(cached.event()).as("event at report %d", i).isEqualTo(fresh.event());
      assertThat(cached.mm1h()).isEqualTo(inOrder.snapshot(t[i] + 5 * MIN, fine).mm1h());
      tiered.add(t[i], v[i], DEFAULTS);
      RainEvent tieredCached = tiered.snapshot(t[i] + 5 * MIN, DEFAULTS).event();
      tiered.cachedLastWetMs = Long.MIN_VALUE;
      assertThat(tieredCached).as("tiered event at report %d", i).isEqualTo(tiered.snapshot(t[i] + 5 * MIN, DEFAULTS).event());
      if (cached.event() != null) {
        eventStarts.add(cached.event().startMs());
      }
    }
    // Dry 6-hour blocks every 18 h (i / 36 % 3 == 0) split the 4 days into separate events.
    assertThat(eventStarts).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void withoutCurvesThereAreNoChecks() {
    RainOptions o = DEFAULTS.withCurves(List.of());
    RainGauge g = new RainGauge();
    g.add(T0, 5, o);
    assertThat(g.snapshot(T0, o).event()).isNotNull();
    assertThat(g.snapshot(T0, o).idChecks()).isEmpty();
  }
}
