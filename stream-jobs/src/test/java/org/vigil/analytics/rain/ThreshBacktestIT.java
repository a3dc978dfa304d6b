package org.vigil.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.AlertEvent;
import org.vigil.connectors.testing.TestServices;
import org.vigil.jobs.backtest.BacktestAlert;
import org.vigil.jobs.backtest.BacktestJob;
import org.vigil.jobs.backtest.BacktestOptions;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.AnalyticsOptions;
import org.vigil.connectors.testing.TestInflux;

/**
 * USGS Thresh's test records (KPAE and KBFI, July 2010 to December 2011, hourly, inches) written to a real InfluxDB
 * as rain reports in mm, replayed by the backtest job with Thresh's thresholds as rules ({@link ThreshData#RULES}):
 * every threshold's exceedance hours must be the ones Thresh listed, and the hits and false alarms against the
 * Mukilteo landslide days must be Thresh's (they are logged as a table).
 */
class ThreshBacktestIT {

  private static final Logger LOG = LoggerFactory.getLogger(ThreshBacktestIT.class);
  private static final Instant FROM = Instant.parse("2010-07-24T00:00:00Z");
  private static final Instant TO = Instant.parse("2012-01-01T00:00:00Z");

  private InfluxClient influx;
  private String db;
  private final Map<String, List<ThreshData.Report>> stations = new LinkedHashMap<>();

  @BeforeEach
  void writeRecords() throws Exception {
    influx = TestInflux.client();
    db = "it_thresh_" + System.nanoTime();
    influx.createDatabase(db);
    for (String station : List.of("KPAE", "KBFI")) {
      List<ThreshData.Report> reports = ThreshData.station(station);
      stations.put(station, reports);
      List<String> lines = new ArrayList<>();
      for (ThreshData.Report r : reports) {
        lines.add(String.format(Locale.ROOT, "rain,site=mukilteo,sensor=%s rain_mm=%s %d",
            station.toLowerCase(Locale.ROOT), r.mm(), r.tsMs()));
        if (lines.size() == 5000) {
          influx.write(db, String.join("\n", lines));
          lines.clear();
        }
      }
      influx.write(db, String.join("\n", lines));
    }
  }

  @AfterEach
  void drop() throws Exception {
    influx.dropDatabase(db);
  }

  @Test
  void theBacktestExceedsInTheHoursThreshListed() throws Exception {
    BacktestOptions o = new BacktestOptions(TestServices.influxUrl(), db, org.vigil.connectors.testing.TestInflux.credentials(), FROM.toEpochMilli(),
        TO.toEpochMilli(), Duration.ofDays(1), Duration.ofDays(30), 2, Duration.ofHours(24),
        AnalyticsOptions.fromLookup(Map.<String, String>of()::get)).validate();
    BacktestJob.Result r = BacktestJob.run(o, ThreshData.RULES, ThreshData.RULES, false);
    assertThat(r.readingsRead()).isEqualTo(12_521 + 12_507);
    assertThat(r.outOfOrder()).isZero();
    LOG.info("Thresh records replayed: {} readings in {} ms", r.readingsRead(), r.elapsed().toMillis());

    Set<LocalDate> landslides = ThreshData.landslideDays();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%n%-8s %-20s %6s %5s %4s %7s %12s", "station", "threshold", "hours", "days", "hit", "missed",
        "false days"));
    for (Map.Entry<String, List<ThreshData.Report>> st : stations.entrySet()) {
      String subject = "mukilteo/rain/" + st.getKey().toLowerCase(Locale.ROOT);
      List<AlertEvent> events = r.alerts().stream().filter(a -> a.run().equals(BacktestAlert.NEW))
          .map(BacktestAlert::event).filter(e -> e.subject().equals(subject)).toList();
      List<Long> times = st.getValue().stream().map(ThreshData.Report::tsMs).toList();
      Map<String, Set<Long>> hours = ThreshData.hours(events, times);
      LocalDate first = ThreshData.day(times.get(0));
      LocalDate last = ThreshData.day(times.get(times.size() - 1));
      for (String rule : ThreshData.TAGS.keySet()) {
        Set<Long> expected = ThreshData.expected(rule, st.getKey());
        assertThat(hours.get(rule)).as(rule + " at " + st.getKey()).containsExactlyElementsOf(expected);
        ThreshData.Skill thresh = ThreshData.skill(expected, landslides, first, last);
        ThreshData.Skill vigil = ThreshData.skill(hours.get(rule), landslides, first, last);
        assertThat(vigil).isEqualTo(thresh);
        table.append(String.format(Locale.ROOT, "%n%-8s %-20s %6d %5d %4d %7d %12d", st.getKey(), rule,
            vigil.hours(), vigil.days(), vigil.hit(), vigil.missed(), vigil.falseAlarms()));
      }
    }
    LOG.info("Thresh thresholds against the Mukilteo landslide days (by calendar day):{}", table);
  }
}
