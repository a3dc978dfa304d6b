package org.vigil.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.Level;
import org.vigil.connectors.testing.TestServices;
import org.vigil.jobs.backtest.AlertMatch.Kind;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.backtest.AlertMatch;
import org.vigil.jobs.backtest.BacktestJob;
import org.vigil.jobs.backtest.BacktestOptions;
import org.vigil.jobs.backtest.BacktestReport;
import org.vigil.jobs.backtest.LevelSpan;
import org.vigil.jobs.monitoring.AnalyticsOptions;
import org.vigil.cli.rules.VigilRulesCli;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryLoader;
import picocli.CommandLine;

/**
 * The backtest against a real InfluxDB: a known day of one rain gauge and one GNSS station (plus a warm-up day and
 * a late reading), two rulesets, and the report checked against alerts worked out by hand below.
 */
class BacktestIT {

  private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-03T00:00:00Z");

  /** Rules in force. */
  static final String AGAINST = """
      rules:
        - id: rain-1h
          scope: {kinds: [rain]}
          metric: rain_1h
          condition: {type: threshold}
          levels:
            yellow: {raise: 20, clear: 15}
            red:    {raise: 40, clear: 30}
        - id: gnss-disp
          scope: {kinds: [gnss]}
          metric: disp_mm
          condition: {type: threshold}
          levels:
            yellow: {raise: 50, clear: 45}
        - id: gnss-silence
          scope: {kinds: [gnss]}
          condition: {type: deadman}
          levels: {yellow: 3h}
      """;

  /** Proposed: rain yellow lower (15/10), displacement yellow higher (60/55), silence after 4 h instead of 3 h. */
  static final String NEW = """
      rules:
        - id: rain-1h
          scope: {kinds: [rain]}
          metric: rain_1h
          condition: {type: threshold}
          levels:
            yellow: {raise: 15, clear: 10}
            red:    {raise: 40, clear: 30}
        - id: gnss-disp
          scope: {kinds: [gnss]}
          metric: disp_mm
          condition: {type: threshold}
          levels:
            yellow: {raise: 60, clear: 55}
        - id: gnss-silence
          scope: {kinds: [gnss]}
          condition: {type: deadman}
          levels: {yellow: 4h}
      """;

  private InfluxClient influx;
  private String db;

  @BeforeEach
  void writeHistory() throws Exception {
    influx = TestInflux.client();
    db = "it_backtest_" + System.nanoTime();
    influx.createDatabase(db);
    List<String> lines = new ArrayList<>();
    // Warm-up day (11-01): a burst that opens and resolves rain-1h yellow under both rulesets, all before FROM:
    // rain_1h (sum of reports in (t - 1 h, t]) = 10, 20, 25, then 0 at 11:30. Not reported.
    rain(lines, "2026-11-01T10:00:00Z", 10);
    rain(lines, "2026-11-01T10:10:00Z", 10);
    rain(lines, "2026-11-01T10:20:00Z", 5);
    rain(lines, "2026-11-01T11:30:00Z", 0);
    // Event A: rain_1h = 8, 16, 24, 24 (06:30), 16 (07:05: 06:10 + 06:20), 8 (07:15: 06:20 only).
    //   new yellow (>= 15) opens 06:10; against yellow (>= 20) opens 06:20; both resolve 07:15 (8 < clear 10 / 15).
    //   -> EARLIER by 10 min.
    rain(lines, "2026-11-02T06:00:00Z", 8);
    rain(lines, "2026-11-02T06:10:00Z", 8);
    rain(lines, "2026-11-02T06:20:00Z", 8);
    rain(lines, "2026-11-02T06:30:00Z", 0);
    rain(lines, "2026-11-02T07:05:00Z", 0);
    rain(lines, "2026-11-02T07:15:00Z", 0);
    // A late reading (stored with late=true by the live job, left out of its analytics): 50 mm would open red.
    lines.add("rain,site=hill,sensor=rg-1 rain_mm=50,late=true " + ms("2026-11-02T03:00:00Z"));
    // Event B: rain_1h = 10, 18, then 0 at 13:30. new yellow opens 12:10, resolves 13:30; against: 18 < 20. -> NEW.
    rain(lines, "2026-11-02T12:00:00Z", 10);
    rain(lines, "2026-11-02T12:10:00Z", 8);
    rain(lines, "2026-11-02T13:30:00Z", 0);
    // Event C: rain_1h = 25 (yellow under both at 18:00), 45 (red under both at 18:10), 0 at 19:30 (resolved).
    //   -> yellow SAME, red SAME.
    rain(lines, "2026-11-02T18:00:00Z", 25);
    rain(lines, "2026-11-02T18:10:00Z", 20);
    rain(lines, "2026-11-02T19:30:00Z", 0);
    // GNSS hourly on 11-02, silent 15:00-18:00 (last 14:00, back 19:00).
    //   disp_mm 40 .. 08:52, 09:58, 10:62, 11:64, 12:50, 13:44, 14:40, 19:40, 20:51, 21..23:40.
    //   against (raise 50, clear 45): opens 08:00 (52), holds at 12:00 (50 >= 45), resolves 13:00 (44);
    //     opens again 20:00 (51), resolves 21:00.
    //   new (raise 60, clear 55): opens 10:00 (62), resolves 12:00 (50 < 55).
    //   -> LATER by 2 h (10:00 vs 08:00, overlapping), GONE (20:00).
    //   silence: last reading 14:00; against 3 h -> opens 17:00; new 4 h -> opens 18:00; both resolve at 19:00 when
    //   data is back. -> LATER by 1 h. After 23:00 the next due time (02:00 / 03:00) is past TO: nothing.
    double[] disp = {40, 40, 40, 40, 40, 40, 40, 40, 52, 58, 62, 64, 50, 44, 40, -1, -1, -1, -1, 40, 51, 40, 40, 40};
    for (int h = 0; h < 24; h++) {
      if (disp[h] >= 0) {
        lines.add(String.format("gnss,site=hill,sensor=gps-1 disp_mm=%s,battery_v=3.6,rssi=-70i,seq=%di %d",
            disp[h], h, ms("2026-11-02T00:00:00Z") + h * 3_600_000L));
      }
    }
    influx.write(db, String.join("\n", lines));
  }

  @AfterEach
  void drop() throws Exception {
    influx.dropDatabase(db);
  }

  @Test
  void reportMatchesTheAlertsWorkedOutByHand() throws Exception {
    BacktestOptions o = new BacktestOptions(TestServices.influxUrl(), db, org.vigil.connectors.testing.TestInflux.credentials(), FROM.toEpochMilli(),
        TO.toEpochMilli(), Duration.ofDays(1), Duration.ofHours(5), 2, Duration.ofHours(24),
        AnalyticsOptions.fromLookup(Map.<String, String>of()::get)).validate();
    // 5 h chunks read by two parallel readers arrive in no particular order: batch mode's sort by key and timestamp
    // must put each sensor's and site's readings back in device-time order (outOfOrder 0, and the hand-worked alerts).
    BacktestJob.Result r = BacktestJob.run(o, NEW, AGAINST, false);
    // 4 warm-up + 6 + 3 + 3 rain reports (the late one left out) and 20 GNSS readings.
    assertThat(r.readingsRead()).isEqualTo(36);
    assertThat(r.lateSkipped()).isEqualTo(1);
    assertThat(r.sensors()).containsExactly("hill/gnss/gps-1", "hill/rain/rg-1");
    assertThat(r.outOfOrder()).isZero();
    System.out.printf("backtest IT: %d readings in %d ms%n", r.readingsRead(), r.elapsed().toMillis());

    BacktestReport report = BacktestReport.of(o, "new", RuleSetLoader.parse(NEW, "new"), "against",
        RuleSetLoader.parse(AGAINST, "against"), r);
    var now = report.tally(report.spansNew());
    assertThat(now.get("rain-1h").get(Level.YELLOW).firstTimes())
        .containsExactly(ms("2026-11-02T06:10:00Z"), ms("2026-11-02T12:10:00Z"), ms("2026-11-02T18:00:00Z"));
    assertThat(now.get("rain-1h").get(Level.RED).firstTimes()).containsExactly(ms("2026-11-02T18:10:00Z"));
    assertThat(now.get("gnss-disp").get(Level.YELLOW).firstTimes()).containsExactly(ms("2026-11-02T10:00:00Z"));
    assertThat(now.get("gnss-silence").get(Level.YELLOW).firstTimes()).containsExactly(ms("2026-11-02T18:00:00Z"));
    assertThat(now.values().stream().flatMap(m -> m.values().stream()).mapToInt(BacktestReport.Tally::openAtStart)
        .sum()).isZero();
    var old = report.tally(report.spansAgainst());
    assertThat(old.get("rain-1h").get(Level.YELLOW).firstTimes())
        .containsExactly(ms("2026-11-02T06:20:00Z"), ms("2026-11-02T18:00:00Z"));
    assertThat(old.get("rain-1h").get(Level.RED).firstTimes()).containsExactly(ms("2026-11-02T18:10:00Z"));
    assertThat(old.get("gnss-disp").get(Level.YELLOW).firstTimes())
        .containsExactly(ms("2026-11-02T08:00:00Z"), ms("2026-11-02T20:00:00Z"));
    assertThat(old.get("gnss-silence").get(Level.YELLOW).firstTimes()).containsExactly(ms("2026-11-02T17:00:00Z"));
    // Ends of the spans: resolutions worked out above.
    assertThat(report.spansAgainst()).filteredOn(s -> s.rule().equals("gnss-disp"))
        .extracting(LevelSpan::endMs).containsExactly(ms("2026-11-02T13:00:00Z"), ms("2026-11-02T21:00:00Z"));
    assertThat(report.spansNew()).filteredOn(s -> s.rule().equals("gnss-silence"))
        .extracting(LevelSpan::endMs).containsExactly(ms("2026-11-02T19:00:00Z"));

    assertThat(report.matches()).extracting(m -> m.kind() + " " + m.rule() + " " + m.level().wireName() + " "
        + m.subject() + " " + Instant.ofEpochMilli(m.startMs()) + " " + m.shiftMs())
        .containsExactly(
            "EARLIER rain-1h yellow hill/rain/rg-1 2026-11-02T06:10:00Z -600000",
            "LATER gnss-disp yellow hill/gnss/gps-1 2026-11-02T10:00:00Z 7200000",
            "NEW rain-1h yellow hill/rain/rg-1 2026-11-02T12:10:00Z 0",
            "LATER gnss-silence yellow hill/gnss/gps-1 2026-11-02T18:00:00Z 3600000",
            "SAME rain-1h yellow hill/rain/rg-1 2026-11-02T18:00:00Z 0",
            "SAME rain-1h red hill/rain/rg-1 2026-11-02T18:10:00Z 0",
            "GONE gnss-disp yellow hill/gnss/gps-1 2026-11-02T20:00:00Z 0");
    assertThat(report.diffCounts().get("rain-1h").get(Level.YELLOW))
        .containsExactlyInAnyOrderEntriesOf(Map.of(Kind.EARLIER, 1, Kind.NEW, 1, Kind.SAME, 1));
  }

  /**
   * Health rules, replayed against a registry given: the GNSS station (hourly; silent after 3 intervals plus the slack
   * of a tenth of that at most a minute, so offline once its last report is more than 3 h 1 min old) is the site's one
   * registered device (the rain gauge is not registered and is not counted). Its last report before the gap is at
   * 14:00, so at the minute's judgements the site is online until 17:01 and 0 of 1 online from 17:02; the report at
   * 19:00 brings it back. Against (no hold): yellow 17:02-19:00; new ({@code for: 30m}): 17:32-19:00, LATER by 30 min.
   */
  @Test
  void healthRulesAreReplayedAgainstTheRegistryGiven() throws Exception {
    Registry registry = RegistryLoader.parse("""
        noData: {factor: 3}
        regions:
          - {id: c, level: county}
        sites:
          - id: hill
            region: c
            location: {lat: 30, lon: 103}
            devices:
              - {id: gps-1, kind: gnss, interval: 1h}
        """, "registry.yaml");
    String against = AGAINST + """
        health:
          - {name: site-online, scope: site, metric: online_share, below: {yellow: 90%}}
        """;
    String proposed = NEW + """
        health:
          - {name: site-online, scope: site, metric: online_share, below: {yellow: 90%}, for: 30m}
        """;
    BacktestOptions o = new BacktestOptions(TestServices.influxUrl(), db, TestInflux.credentials(), FROM.toEpochMilli(),
        TO.toEpochMilli(), Duration.ofDays(1), Duration.ofHours(5), 2, Duration.ofHours(24),
        AnalyticsOptions.fromLookup(Map.<String, String>of()::get)).withRegistry(registry).validate();
    BacktestJob.Result r = BacktestJob.run(o, proposed, against, false);
    assertThat(r.health().replayed()).isTrue();
    assertThat(r.health().reports()).isEqualTo(20); // the station's 20 hourly readings of 11-02
    assertThat(r.health().fromMs()).isEqualTo(ms("2026-11-01T00:00:00Z"));

    BacktestReport report = report(o, proposed, against, r);
    assertThat(siteOnlineYellows(report, report.spansAgainst())).containsExactly(ms("2026-11-02T17:02:00Z"));
    assertThat(siteOnlineYellows(report, report.spansNew())).containsExactly(ms("2026-11-02T17:32:00Z"));
    assertThat(report.spansNew()).filteredOn(sp -> sp.rule().equals("health.site-online") && sp.startMs() >= FROM
        .toEpochMilli()).extracting(LevelSpan::endMs).containsExactly(ms("2026-11-02T19:00:00Z"));
    assertThat(report.matches()).extracting(m -> m.kind() + " " + m.rule() + " " + m.level().wireName() + " "
        + m.subject() + " " + Instant.ofEpochMilli(m.startMs()) + " " + m.shiftMs())
        .contains("LATER health.site-online yellow hill 2026-11-02T17:32:00Z 1800000");
    assertThat(report.healthNotReplayed()).isEmpty();
    assertThat(report.text()).contains("health: 20 reports of the registry's 1 devices replayed through the health "
        + "rules from 2026-11-01T00:00:00Z, judged every 1m");

    // Judged every 5 minutes, as a job with VIGIL_DEVICE_HEALTH_INTERVAL=5m judges: the silence is seen at the first
    // 5-minute tick after it (17:05 rather than 17:02; ticks from midnight, the replay's start), and the 30-minute
    // hold ends 30 minutes after that, at 17:35.
    BacktestOptions every5 = o.withHealthInterval(Duration.ofMinutes(5));
    BacktestReport report5 = report(every5, proposed, against, BacktestJob.run(every5, proposed, against, false));
    assertThat(siteOnlineYellows(report5, report5.spansAgainst())).containsExactly(ms("2026-11-02T17:05:00Z"));
    assertThat(siteOnlineYellows(report5, report5.spansNew())).containsExactly(ms("2026-11-02T17:35:00Z"));
    assertThat(report5.text()).contains("judged every 5m");

    // Without the registry the same backtest names the health rule as not replayed.
    BacktestOptions without = o.withRegistry(null);
    BacktestJob.Result r2 = BacktestJob.run(without, proposed, against, false);
    BacktestReport report2 = report(without, proposed, against, r2);
    assertThat(r2.health().replayed()).isFalse();
    assertThat(report2.tally(report2.spansNew())).doesNotContainKey("health.site-online");
    assertThat(report2.text()).contains("not replayed: the health rules health.site-online");
  }

  @Test
  void theCommandPrintsTheReportAsTextAndJson(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("new.yaml"), NEW);
    Path against = Files.writeString(dir.resolve("current.yaml"), AGAINST);
    String[] common = {"backtest", "--rules", rules.toString(), "--against", against.toString(), "--from",
        FROM.toString(), "--to", TO.toString(), "--influx-url", TestServices.influxUrl(), "--db", db,
        "--warmup", "P1D", "--no-progress"};
    // The command reads its InfluxDB user like the job: VIGIL_* from the environment, -D system properties first.
    System.setProperty("VIGIL_INFLUX_USERNAME", TestServices.influxUsername());
    System.setProperty("VIGIL_INFLUX_PASSWORD_FILE", TestServices.influxPasswordFile().toString());
    try {
      runTheCommand(common);
    } finally {
      System.clearProperty("VIGIL_INFLUX_USERNAME");
      System.clearProperty("VIGIL_INFLUX_PASSWORD_FILE");
    }
  }

  private static BacktestReport report(BacktestOptions o, String proposed, String against, BacktestJob.Result r) {
    return BacktestReport.of(o, "new", RuleSetLoader.parse(proposed, "new"), "against",
        RuleSetLoader.parse(against, "against"), r);
  }

  /** When the health rule site-online's yellow opened in these spans. */
  private static List<Long> siteOnlineYellows(BacktestReport report, List<LevelSpan> spans) {
    return report.tally(spans).get("health.site-online").get(Level.YELLOW).firstTimes();
  }

  private static void runTheCommand(String[] common) throws Exception {
    StringWriter text = new StringWriter();
    CommandLine cl = VigilRulesCli.commandLine();
    cl.setOut(new PrintWriter(text));
    assertThat(cl.execute(common)).isZero();
    assertThat(text.toString())
        .contains("read: 36 readings of 2 sensors")
        .contains("rule changes: 3 changed (rain-1h: levels; gnss-disp: levels; gnss-silence: levels)")
        .containsPattern("rain-1h\\s+yellow\\s+new 1, gone 0, earlier 1, later 0, same 1")
        .containsPattern("gnss-disp\\s+yellow\\s+new 0, gone 1, earlier 0, later 1, same 0")
        .contains("EARLIER rain-1h yellow hill/rain/rg-1 at 2026-11-02T06:10:00Z (against: 2026-11-02T06:20:00Z, "
            + "10 min earlier)")
        .contains("GONE    gnss-disp yellow hill/gnss/gps-1 at 2026-11-02T20:00:00Z");

    StringWriter json = new StringWriter();
    CommandLine c2 = VigilRulesCli.commandLine();
    c2.setOut(new PrintWriter(json));
    List<String> args = new ArrayList<>(List.of(common));
    args.add("--json");
    assertThat(c2.execute(args.toArray(String[]::new))).isZero();
    JsonNode n = new ObjectMapper().readTree(json.toString());
    assertThat(n.path("method").path("readings").asLong()).isEqualTo(36);
    assertThat(n.path("method").path("warmup").asText()).isEqualTo("PT24H");
    assertThat(n.path("alertsNew").path("rain-1h").path("yellow").path("fired").asInt()).isEqualTo(3);
    assertThat(n.path("alertsAgainst").path("gnss-disp").path("yellow").path("fired").asInt()).isEqualTo(2);
    assertThat(n.path("difference")).hasSize(7);
    assertThat(n.path("difference").get(0).path("kind").asText()).isEqualTo("earlier");
  }

  private static void rain(List<String> lines, String at, double mm) {
    lines.add("rain,site=hill,sensor=rg-1 rain_mm=" + mm + ",battery_v=3.7 " + ms(at));
  }

  private static long ms(String at) {
    return Instant.parse(at).toEpochMilli();
  }
}
