package org.vigil.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * A gauge's state stays bounded whatever its reporting rate (the resolution merges fast reports, the hour
 * tier merges old entries), and the sums keep the documented accuracy. Every expected value below follows from the
 * merge rules by hand.
 */
class RainGaugeBoundTest {

  private static final long S = 1_000L;
  private static final long MIN = 60 * S;
  private static final long HOUR = 60 * MIN;
  private static final long DAY = 24 * HOUR;
  /** A midnight (so on the hour). */
  private static final long T0 = 100 * DAY;

  private static final RainOptions DEFAULTS = RainOptions.defaults(); // resolution 1 min, fine history 24 h

  @Test
  void aOneHertzGaugeKeepsAboutOneEntryAMinuteAndItsSumsStayRight() throws Exception {
    RainGauge g = new RainGauge();
    int maxSize = 0;
    int n = 26 * 3600; // 26 hours of reports, 0.01 mm each second (36 mm/h), at T0 + k s for k = 0..93599
    for (int k = 0; k < n; k++) {
      assertThat(g.add(T0 + k * S, 0.01, DEFAULTS)).isTrue();
      maxSize = Math.max(maxSize, g.size);
      if (k == 12 * 3600 - 1) {
        // Merge rule: entry 0 = {0 s}; entry 1 starts a new entry at 1 s and takes every report less than 60 s after
        // entry 0 (1..59 s); from then on entry j holds the reports in (59 (j - 1), 59 j] s: 59 reports each, so the
        // entries sit at 0, 59, 118, ... s. After 12 h (k = 0..43199): 1 + ceil(43199 / 59) = 1 + 733 = 734 entries,
        // against 43200 reports (the old state), and below the documented bound 2 * 12 h / 1 min + 2.
        assertThat(g.size).isEqualTo(734);
        assertThat(g.size).isLessThanOrEqualTo(2 * 12 * 60 + 2);
      }
    }
    // Fine entries are at most 24 h + 2 h old before they are coarsened: at most 26 h / 59 s = 1586.4, plus 3 hour
    // buckets at most (26 h of data).
    assertThat(maxSize).isLessThanOrEqualTo(1586 + 3);
    // Serialized by Flink's POJO serializer: 28 bytes an entry, arrays at most a quarter over: under 56 KB.
    var ser = org.apache.flink.api.common.typeinfo.TypeInformation.of(RainGauge.class)
        .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());
    var out = new org.apache.flink.core.memory.DataOutputSerializer(4096);
    ser.serialize(g, out);
    assertThat(out.length()).isLessThan((int) (1589 * 28 * 1.25));
    long end = T0 + (n - 1) * S; // T0 + 93599 s
    RainSnapshot s = g.snapshot(end, DEFAULTS);
    // 1 h: (end - 3600 s, end] = (89999 s, 93599 s]: 3600 reports = 36 mm exactly if the edge fell on an entry boundary.
    // It falls inside entry (59 * 1525, 59 * 1526] = (89975, 90034] s, which counts whole at 90034 s: its 24 reports at
    // 89976..89999 s are extra: 36 + 0.24 = 36.24 mm (the documented edge error: under one resolution of rain).
    assertThat(s.mm1h()).isCloseTo(36.24, within(1e-6));
    // 10 min: edge 92999 s inside (59 * 1576, 59 * 1577] = (92984, 93043]: 15 extra reports: 6 + 0.15 = 6.15 mm.
    assertThat(s.mm10m()).isCloseTo(6.15, within(1e-6));
    // 24 h: edge 7199 s, still fine (the hour tier ends at floor_hour(end - 24 h) = T0 + 1 h); inside entry
    // (59 * 122, 59 * 123] = (7198, 7257]: 1 extra report: 864 + 0.01 = 864.01 mm.
    assertThat(s.mm24h()).isCloseTo(864.01, within(1e-6));
    // 72 h: every report: 93600 * 0.01 = 936 mm, and so is the event (it has rained throughout).
    assertThat(s.mm72h()).isCloseTo(936.0, within(1e-6));
    assertThat(s.event().totalMm()).isCloseTo(936.0, within(1e-6));
    assertThat(s.event().lastRainMs()).isEqualTo(end);
  }

  @Test
  void aReplayOfTheNewestReportOfAMergedEntryReplacesItsPartAndALateReportIsAddedToItsEntry() {
    RainGauge g = new RainGauge();
    for (int k = 0; k <= 30; k++) { // entry 0 = {0 s}, entry 1 = {1..30 s}: 30 reports of 0.1 mm
      g.add(T0 + k * S, 0.1, DEFAULTS);
    }
    assertThat(g.size).isEqualTo(2);
    assertThat(g.snapshot(T0 + 30 * S, DEFAULTS).mm10m()).isCloseTo(3.1, within(1e-9)); // 31 * 0.1
    g.add(T0 + 30 * S, 0.1, DEFAULTS); // the newest report again: nothing changes
    assertThat(g.snapshot(T0 + 30 * S, DEFAULTS).mm10m()).isCloseTo(3.1, within(1e-9));
    g.add(T0 + 30 * S, 0.5, DEFAULTS); // a corrected newest report: 3.1 - 0.1 + 0.5 = 3.5
    assertThat(g.snapshot(T0 + 30 * S, DEFAULTS).mm10m()).isCloseTo(3.5, within(1e-9));
    g.add(T0 + 15 * S + 500, 1.0, DEFAULTS); // late, inside merged entry 1: added to it
    assertThat(g.size).isEqualTo(2);
    assertThat(g.snapshot(T0 + 30 * S, DEFAULTS).mm10m()).isCloseTo(4.5, within(1e-9));
    // A late report a resolution or more from both neighbours of a one-report entry is its own entry, as before.
    RainGauge slow = new RainGauge();
    slow.add(T0, 1, DEFAULTS);
    slow.add(T0 + 10 * MIN, 1, DEFAULTS);
    slow.add(T0 + 5 * MIN, 2, DEFAULTS);
    assertThat(slow.size).isEqualTo(3);
    assertThat(slow.snapshot(T0 + 12 * MIN, DEFAULTS).mm10m()).isEqualTo(3.0); // (2 min, 12 min]: 2 + 1
  }

  /** Reports of 0.5 mm every 10 minutes at T0 + 10 min .. T0 + 72 h (432 reports, 3 mm/h). */
  private static RainGauge threeDaysOfTenMinuteReports() {
    RainGauge g = new RainGauge();
    for (int i = 1; i <= 432; i++) {
      assertThat(g.add(T0 + i * 10 * MIN, 0.5, DEFAULTS)).isTrue();
    }
    return g;
  }

  @Test
  void theHourTierKeepsDayAlignedSumsExactAndCountsAStraddlingBucketWhole() {
    RainGauge g = threeDaysOfTenMinuteReports();
    long end = T0 + 72 * HOUR;
    // Entries older than the 24 h fine history are hour buckets: about 48 of them plus at most 2 h of fine entries and
    // the last 24 h of 10-minute reports (144).
    assertThat(g.size).isLessThanOrEqualTo(48 + 12 + 144);
    assertThat(g.coarseUntilMs).isGreaterThanOrEqualTo(T0 + 46 * HOUR);
    RainSnapshot s = g.snapshot(end, DEFAULTS);
    assertThat(s.mm72h()).isCloseTo(216.0, within(1e-9)); // 432 * 0.5
    assertThat(s.mm24h()).isCloseTo(72.0, within(1e-9)); // 144 * 0.5
    // R_1 = (T0 + 24 h, T0 + 48 h] = 72, R_2 = (T0, T0 + 24 h] = 72 (block edges on the hour: buckets are exact),
    // R_3.. = 0. R_a = 0.8 * 72 + 0.64 * 72 = 57.6 + 46.08 = 103.68; effective = 72 + 103.68 = 175.68.
    assertThat(s.antecedentMm()).isCloseTo(103.68, within(1e-9));
    assertThat(s.effectiveMm()).isCloseTo(175.68, within(1e-9));
    // Half an hour later (no new report) the 72 h window is (T0 + 30 min, T0 + 72 h 30 min]: exactly it would hold
    // 429 reports (214.5 mm), but its start lies in bucket (T0, T0 + 1 h], stamped T0 + 1 h, which counts whole:
    // 216 mm, the documented edge error of one bucket (here 3 reports, 1.5 mm).
    RainSnapshot later = g.snapshot(end + 30 * MIN, DEFAULTS);
    assertThat(later.mm72h()).isCloseTo(216.0, within(1e-9));
    // The 24 h window's start (T0 + 48 h 30 min) is still fine, so exact: 141 reports after it = 70.5 mm.
    assertThat(later.mm24h()).isCloseTo(70.5, within(1e-9));
  }

  @Test
  void aLateReportOlderThanTheFineHistoryIsAddedToItsHourBucket() {
    RainGauge g = threeDaysOfTenMinuteReports();
    int size = g.size;
    // T0 + 10 h 5 min lies in bucket (T0 + 10 h, T0 + 11 h], which already holds six reports (3 mm): now 5 mm.
    assertThat(g.add(T0 + 10 * HOUR + 5 * MIN, 2.0, DEFAULTS)).isTrue();
    // At the bucket's own stamp a report is added too (a replay cannot be told from a new report there).
    assertThat(g.add(T0 + 11 * HOUR, 1.0, DEFAULTS)).isTrue();
    assertThat(g.size).isEqualTo(size);
    assertThat(g.snapshot(T0 + 72 * HOUR, DEFAULTS).mm72h()).isCloseTo(219.0, within(1e-9)); // 216 + 2 + 1
    // Rain in (T0 + 9 h, T0 + 12 h]: buckets stamped 10 h (3 mm), 11 h (3 + 2 + 1 = 6 mm) and 12 h (3 mm) = 12 mm.
    assertThat(g.sum(T0 + 9 * HOUR, T0 + 12 * HOUR, DEFAULTS)).isCloseTo(12.0, within(1e-9));
  }

  @Test
  void anEventReachingIntoTheHourTierStartsAtItsFirstWetBucket() {
    RainGauge g = new RainGauge();
    // Dry reports every 10 min from T0 + 10 min, wet ones (0.5 mm) from T0 + 20 h 40 min to T0 + 50 h.
    for (long t = T0 + 10 * MIN; t <= T0 + 50 * HOUR; t += 10 * MIN) {
      g.add(t, t >= T0 + 20 * HOUR + 40 * MIN ? 0.5 : 0, DEFAULTS);
    }
    RainEvent e = g.snapshot(T0 + 50 * HOUR, DEFAULTS).event();
    // Wet reports: (50 h - 20 h 40 min) / 10 min + 1 = 176 + 1 = 177, 88.5 mm: merging keeps every amount.
    assertThat(e.totalMm()).isCloseTo(88.5, within(1e-9));
    assertThat(e.lastRainMs()).isEqualTo(T0 + 50 * HOUR);
    // Exactly the event would start at T0 + 20 h 30 min (the first wet report's interval): 29.5 h, 3.0 mm/h. Its first
    // wet report now lies in the hour tier (older than T0 + 26 h), in bucket (T0 + 20 h, T0 + 21 h], so the event starts
    // at that bucket's start: 30 h, 88.5 / 30 = 2.95 mm/h; the documented error, under an hour of duration.
    assertThat(e.startMs()).isEqualTo(T0 + 20 * HOUR);
    assertThat(e.durationH()).isCloseTo(30.0, within(1e-12));
    assertThat(e.meanIntensityMmH()).isCloseTo(2.95, within(1e-9));
    // An event within the fine history is unchanged: at T0 + 40 h from rain starting T0 + 20 h 40 min the first wet
    // report is less than 24 h old... as long as the tier edge (floor_hour(40 h - 24 h) = 16 h) is before it.
    RainGauge recent = new RainGauge();
    for (long t = T0 + 10 * MIN; t <= T0 + 40 * HOUR; t += 10 * MIN) {
      recent.add(t, t >= T0 + 20 * HOUR + 40 * MIN ? 0.5 : 0, DEFAULTS);
    }
    RainEvent r = recent.snapshot(T0 + 40 * HOUR, DEFAULTS).event();
    assertThat(r.startMs()).isEqualTo(T0 + 20 * HOUR + 30 * MIN);
    // Wet reports 20 h 40 min .. 40 h: (19 h 20 min) / 10 min + 1 = 117, 58.5 mm over 19.5 h = 3.0 mm/h.
    assertThat(r.totalMm()).isCloseTo(58.5, within(1e-9));
    assertThat(r.meanIntensityMmH()).isCloseTo(3.0, within(1e-9));
  }

  @Test
  void optionsReadTheNewKeys() {
    RainOptions o =
        RainOptions.fromLookup(
            java.util.Map.of("VIGIL_RAIN_RESOLUTION", "PT5M", "VIGIL_RAIN_FINE_HISTORY", "PT6H")::get);
    assertThat(o.resolutionMs()).isEqualTo(5 * MIN);
    assertThat(o.fineHistoryMs()).isEqualTo(6 * HOUR);
    assertThat(DEFAULTS.resolutionMs()).isEqualTo(MIN);
    assertThat(DEFAULTS.fineHistoryMs()).isEqualTo(DAY);
    assertThat(DEFAULTS.withResolutionMs(-1).withFineHistoryMs(HOUR).problems())
        .containsExactlyInAnyOrder(
            "VIGIL_RAIN_RESOLUTION: must be 0 (no merging) to PT1H, got PT-0.001S",
            "VIGIL_RAIN_FINE_HISTORY: must be at least PT3H (the 3 h sum must stay exact), got PT1H");
  }
}
