package org.vigil.jobs.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.vigil.core.settings.Durations;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetDiff;
import org.vigil.core.AlertEvent;
import org.vigil.core.HealthAlerts;
import org.vigil.core.Level;

/**
 * The result of a backtest for people (text) and machines (JSON): the method (period, warm-up, readings, sensors,
 * the two rulesets), per ruleset the alerts per rule and level that would have fired, and the difference of the new
 * rules against the others ({@link AlertMatch}).
 *
 * <p>"Fired" counts the {@link LevelSpan}s that start inside [from, to); spans already open at {@code from} (opened
 * during the warm-up) are counted apart as "open at start" and are not in "fired".
 *
 * @param options what was run
 * @param newSource where the new rules came from
 * @param againstSource where the compared rules came from
 * @param rulesDiff what changed between the rulesets
 * @param result the Flink run
 * @param spansNew the spans under the new rules
 * @param spansAgainst the spans under the compared rules
 * @param matches the difference
 */
public record BacktestReport(BacktestOptions options, String newSource, String againstSource, RuleSetDiff rulesDiff,
    BacktestJob.Result result, List<LevelSpan> spansNew, List<LevelSpan> spansAgainst, List<AlertMatch> matches,
    List<String> healthNotReplayed) {

  /** How many first times are listed per rule and level. */
  static final int FIRST_TIMES = 5;

  /** How many differences the text lists one by one (JSON has them all). */
  static final int LISTED = 40;

  /** Builds the report from a run. */
  public static BacktestReport of(BacktestOptions o, String newSource, RuleSet now, String againstSource,
      RuleSet against, BacktestJob.Result result) {
    Map<String, Set<Level>> levels = LevelSpan.levelsOf(now, against);
    List<AlertEvent> a = new ArrayList<>();
    List<AlertEvent> b = new ArrayList<>();
    result.alerts().forEach(x -> (x.run().equals(BacktestAlert.NEW) ? a : b).add(x.event()));
    List<LevelSpan> sa = LevelSpan.of(a, o.fromMs(), o.toMs(), levels);
    List<LevelSpan> sb = LevelSpan.of(b, o.fromMs(), o.toMs(), levels);
    return new BacktestReport(o, newSource, againstSource, RuleSetDiff.diff(against, now), result, sa, sb,
        AlertMatch.match(sa, sb, o.matchWithin().toMillis()),
        result.health().replayed() ? List.of() : healthRules(now, against));
  }

  /**
   * The health rules of either ruleset, by alert rule id: without a registry a backtest cannot replay them (they judge
   * the devices' reporting, battery and signal against one), so the report names them rather than let "no alerts"
   * read as their verdict.
   */
  static List<String> healthRules(RuleSet now, RuleSet against) {
    Set<String> ids = new TreeSet<>();
    for (RuleSet rs : List.of(now, against)) {
      rs.health().rules().forEach(h -> ids.add(HealthAlerts.rule(h.name())));
    }
    return List.copyOf(ids);
  }

  /**
   * Alerts of one rule and level under one ruleset.
   *
   * @param fired spans starting in the period
   * @param openAtStart spans open at the start of the period (opened in the warm-up)
   * @param firstTimes starts of the first {@link #FIRST_TIMES} fired spans
   */
  public record Tally(int fired, int openAtStart, List<Long> firstTimes) {}

  /** Per rule id, per level, the tally of a ruleset's spans, rules and levels in order. */
  public Map<String, Map<Level, Tally>> tally(List<LevelSpan> spans) {
    Map<String, Map<Level, List<LevelSpan>>> by = new LinkedHashMap<>();
    spans.stream().sorted(java.util.Comparator.comparing(LevelSpan::rule).thenComparing(LevelSpan::level)
        .thenComparingLong(LevelSpan::startMs))
        .forEach(s -> by.computeIfAbsent(s.rule(), k -> new EnumMap<>(Level.class))
            .computeIfAbsent(s.level(), k -> new ArrayList<>()).add(s));
    Map<String, Map<Level, Tally>> out = new LinkedHashMap<>();
    by.forEach((rule, m) -> m.forEach((level, list) -> {
      List<LevelSpan> fired = list.stream().filter(s -> s.startMs() >= options.fromMs()).toList();
      out.computeIfAbsent(rule, k -> new EnumMap<>(Level.class)).put(level, new Tally(fired.size(),
          list.size() - fired.size(), fired.stream().limit(FIRST_TIMES).map(LevelSpan::startMs).toList()));
    }));
    return out;
  }

  /** Per rule id and level, the number of matches of each kind. */
  public Map<String, Map<Level, Map<AlertMatch.Kind, Integer>>> diffCounts() {
    Map<String, Map<Level, Map<AlertMatch.Kind, Integer>>> out = new java.util.TreeMap<>();
    for (AlertMatch m : matches) {
      out.computeIfAbsent(m.rule(), k -> new EnumMap<>(Level.class))
          .computeIfAbsent(m.level(), k -> new EnumMap<>(AlertMatch.Kind.class))
          .merge(m.kind(), 1, Integer::sum);
    }
    return out;
  }

  /** Readings per second of wall time of the Flink job. */
  public double readingsPerSecond() {
    double s = result.elapsed().toNanos() / 1e9;
    return s <= 0 ? 0 : result.readingsRead() / s;
  }

  /** The report as plain text. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("Backtest ").append(Instant.ofEpochMilli(options.fromMs())).append(" .. ")
        .append(Instant.ofEpochMilli(options.toMs())).append(" (end exclusive)\n");
    b.append("  method: warm-up ").append(human(options.warmup())).append(" before the start (history read from ")
        .append(Instant.ofEpochMilli(options.fromMs() - options.warmup().toMillis()))
        .append("; alerts opened in it are not reported), Flink batch mode, parallelism ").append(options.parallelism())
        .append('\n');
    b.append(String.format("  read: %,d readings of %d sensors from %s db %s in %.1f s (%,.0f readings/s)%s%n",
        result.readingsRead(), result.sensors().size(), options.influxUrl(), options.database(),
        result.elapsed().toMillis() / 1000.0, readingsPerSecond(),
        result.lateSkipped() > 0 ? ", " + result.lateSkipped() + " late readings left out as live" : ""));
    if (result.crowd().frames() > 0 || result.crowd().chunksSkipped() > 0) {
      b.append(String.format("  crowd: %,d frames of %d cameras from crowd and crowd_lines (warm-up at most %s), "
              + "replayed through the crowd rules%s%n", result.crowd().frames(), result.crowd().cameras().size(),
          human(CrowdReplay.WARMUP), result.crowd().chunksSkipped() > 0 ? "; " + result.crowd().chunksSkipped()
              + " hour(s) older than the raw retention not replayed" : ""));
    }
    if (result.outOfOrder() > 0) {
      b.append("  WARNING: ").append(result.outOfOrder()).append(" readings reached the rules out of device-time "
          + "order; results may differ from the live job\n");
    }
    b.append("  new rules: ").append(newSource)
        .append(options.mode() == null ? "" : ", judged in mode " + options.mode().describe()).append('\n');
    b.append("  against:   ").append(againstSource).append('\n');
    b.append("  rule changes: ").append(rulesDiff.summary()).append('\n');
    if (result.health().replayed()) {
      b.append(String.format("  health: %,d reports of the registry's %,d devices replayed through the health rules "
              + "from %s, judged every %s, each report taken as arriving at its device time, the registry given "
              + "taken as in force throughout%n", result.health().reports(), options.registry().devices().size(),
          Instant.ofEpochMilli(result.health().fromMs()), Durations.format(options.healthEvery())));
    }
    if (!healthNotReplayed.isEmpty()) {
      b.append("  not replayed: the health rules ").append(String.join(", ", healthNotReplayed))
          .append(" (they judge the devices' reporting against a registry: give one with --registry)\n");
    }
    section(b, "Alerts under the new rules", tally(spansNew));
    section(b, "Alerts under the rules compared against", tally(spansAgainst));
    b.append("\nDifference (new vs against; same rule, subject and level, matched by overlap, else by nearest opening"
        + " within ").append(human(options.matchWithin())).append(")\n");
    Map<String, Map<Level, Map<AlertMatch.Kind, Integer>>> counts = diffCounts();
    if (counts.isEmpty()) {
      b.append("  no alerts under either ruleset\n");
    }
    counts.forEach((rule, m) -> m.forEach((level, k) -> b.append(String.format("  %-28s %-7s new %d, gone %d, "
        + "earlier %d, later %d, same %d%n", rule, level.wireName(), k.getOrDefault(AlertMatch.Kind.NEW, 0),
        k.getOrDefault(AlertMatch.Kind.GONE, 0), k.getOrDefault(AlertMatch.Kind.EARLIER, 0),
        k.getOrDefault(AlertMatch.Kind.LATER, 0), k.getOrDefault(AlertMatch.Kind.SAME, 0)))));
    List<AlertMatch> listed = matches.stream().filter(m -> m.kind() != AlertMatch.Kind.SAME).toList();
    for (AlertMatch m : listed.subList(0, Math.min(LISTED, listed.size()))) {
      b.append(String.format("  %-7s %s %s %s at %s%s", m.kind(), m.rule(), m.level().wireName(), m.subject(),
          Instant.ofEpochMilli(m.startMs()), m.startMs() < options.fromMs() ? " (open at start)" : ""));
      if (m.kind() == AlertMatch.Kind.EARLIER || m.kind() == AlertMatch.Kind.LATER) {
        b.append(" (against: ").append(Instant.ofEpochMilli(m.against().startMs())).append(", ")
            .append(human(Duration.ofMillis(Math.abs(m.shiftMs())))).append(m.shiftMs() < 0 ? " earlier" : " later")
            .append(')');
      }
      b.append('\n');
    }
    if (listed.size() > LISTED) {
      b.append("  ... ").append(listed.size() - LISTED).append(" more differences (--json lists them all)\n");
    }
    return b.toString();
  }

  private void section(StringBuilder b, String title, Map<String, Map<Level, Tally>> t) {
    b.append('\n').append(title).append(" (fired in the period; first times)\n");
    if (t.isEmpty()) {
      b.append("  none\n");
    }
    t.forEach((rule, m) -> m.forEach((level, x) -> {
      b.append(String.format("  %-28s %-7s %3d", rule, level.wireName(), x.fired()));
      if (x.openAtStart() > 0) {
        b.append(" (+").append(x.openAtStart()).append(" open at start)");
      }
      if (!x.firstTimes().isEmpty()) {
        b.append("  ").append(String.join(", ", x.firstTimes().stream().map(ms -> Instant.ofEpochMilli(ms).toString())
            .toList()));
        if (x.fired() > x.firstTimes().size()) {
          b.append(", ...");
        }
      }
      b.append('\n');
    }));
  }

  /** The report as JSON (times as ISO-8601 strings). */
  public String json() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode method = root.putObject("method");
    method.put("from", Instant.ofEpochMilli(options.fromMs()).toString());
    method.put("to", Instant.ofEpochMilli(options.toMs()).toString());
    method.put("warmup", options.warmup().toString());
    method.put("readFrom", Instant.ofEpochMilli(options.fromMs() - options.warmup().toMillis()).toString());
    method.put("influxUrl", options.influxUrl());
    method.put("database", options.database());
    method.put("readings", result.readingsRead());
    method.put("lateSkipped", result.lateSkipped());
    method.put("outOfOrder", result.outOfOrder());
    ArrayNode sensors = method.putArray("sensors");
    result.sensors().forEach(sensors::add);
    method.put("crowdFrames", result.crowd().frames());
    ArrayNode cameras = method.putArray("cameras");
    result.crowd().cameras().forEach(cameras::add);
    method.put("crowdChunksSkipped", result.crowd().chunksSkipped());
    method.put("elapsedMs", result.elapsed().toMillis());
    method.put("readingsPerSecond", Math.round(readingsPerSecond()));
    method.put("newRules", newSource);
    method.put("mode", options.mode() == null ? "daily" : options.mode().mode().wireName());
    if (options.mode() != null && options.mode().region() != null) {
      method.put("modeRegion", options.mode().region());
    }
    method.put("againstRules", againstSource);
    method.put("ruleChanges", rulesDiff.summary());
    if (result.health().replayed()) {
      method.put("healthReports", result.health().reports());
      method.put("healthFrom", Instant.ofEpochMilli(result.health().fromMs()).toString());
    }
    ArrayNode notReplayed = method.putArray("healthRulesNotReplayed");
    healthNotReplayed.forEach(notReplayed::add);
    method.put("matchWithin", options.matchWithin().toString());
    tallyJson(root.putObject("alertsNew"), tally(spansNew));
    tallyJson(root.putObject("alertsAgainst"), tally(spansAgainst));
    ArrayNode diff = root.putArray("difference");
    for (AlertMatch m : matches) {
      ObjectNode n = diff.addObject();
      n.put("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
      n.put("rule", m.rule());
      n.put("subject", m.subject());
      n.put("level", m.level().wireName());
      if (m.now() != null) {
        n.put("newStart", Instant.ofEpochMilli(m.now().startMs()).toString());
      }
      if (m.against() != null) {
        n.put("againstStart", Instant.ofEpochMilli(m.against().startMs()).toString());
      }
      n.put("shiftMs", m.shiftMs());
    }
    return root.toPrettyString();
  }

  private static void tallyJson(ObjectNode into, Map<String, Map<Level, Tally>> t) {
    t.forEach((rule, m) -> {
      ObjectNode r = into.putObject(rule);
      m.forEach((level, x) -> {
        ObjectNode l = r.putObject(level.wireName());
        l.put("fired", x.fired());
        l.put("openAtStart", x.openAtStart());
        ArrayNode first = l.putArray("firstTimes");
        x.firstTimes().forEach(ms -> first.add(Instant.ofEpochMilli(ms).toString()));
      });
    });
  }

  static String human(Duration d) {
    long m = d.toMinutes();
    if (m % (24 * 60) == 0 && m > 0) {
      return (m / (24 * 60)) + " d";
    }
    if (m % 60 == 0 && m > 0) {
      return (m / 60) + " h";
    }
    return m + " min";
  }
}
