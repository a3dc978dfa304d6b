package org.vigil.jobs.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;
import org.vigil.alerts.rules.HealthRule;
import org.vigil.core.HealthAlerts;

/**
 * A stretch of time during which one alert (rule + subject) stood at {@code level} or above: from the transition
 * that reached the level (opened or escalated) to the one that left it (de-escalated below it or resolved). An alert
 * that opened at orange and resolved is thus one blue, one yellow and one orange span with the same times; the
 * report counts "alerts per rule and level" as spans that start in the period.
 *
 * @param rule rule id
 * @param site site
 * @param subject sensor ({@code site/kind/sensorId}) or site for compound rules
 * @param level the level
 * @param alertId id of the alert the span belongs to
 * @param startMs when the level was reached, device time
 * @param endMs when it was left; {@link Long#MAX_VALUE} while still at or above it at the end of the period
 */
public record LevelSpan(String rule, String site, String subject, Level level, String alertId, long startMs,
    long endMs) {

  /** Still at the level when the period ended. */
  public boolean open() {
    return endMs == Long.MAX_VALUE;
  }

  /** True when the two spans share a moment (both ends inclusive; an open span has no end). */
  public boolean overlaps(LevelSpan o) {
    return startMs <= o.endMs && o.startMs <= endMs;
  }

  /**
   * The spans of a run's alert transitions, ordered by start, keeping only those that reach into the period: started
   * before {@code toMs} and not ended before {@code fromMs} (spans wholly in the warm-up are dropped).
   *
   * @param levels per rule id, the levels it has (in either ruleset compared, see {@link #levelsOf}); spans are made
   *     only for those, so a rule with yellow and red only has no blue or orange spans. A rule missing here gets all
   */
  public static List<LevelSpan> of(List<AlertEvent> events, long fromMs, long toMs, Map<String, Set<Level>> levels) {
    Map<String, List<AlertEvent>> byAlert = new LinkedHashMap<>();
    events.stream().sorted(Comparator.comparingLong(AlertEvent::updatedAtMs))
        .forEach(e -> byAlert.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e));
    List<LevelSpan> out = new ArrayList<>();
    for (List<AlertEvent> alert : byAlert.values()) {
      long[] since = new long[Level.values().length];
      java.util.Arrays.fill(since, Long.MIN_VALUE);
      AlertEvent first = alert.get(0);
      Level current = Level.NONE;
      Set<Level> used = levels.getOrDefault(first.rule(), Set.of(Level.ALERT_LEVELS));
      for (AlertEvent e : alert) {
        for (Level l : used) {
          boolean was = !l.isAbove(current);
          boolean is = !l.isAbove(e.level());
          if (!was && is) {
            since[l.ordinal()] = e.updatedAtMs();
          } else if (was && !is) {
            out.add(new LevelSpan(first.rule(), first.site(), first.subject(), l, e.id(), since[l.ordinal()],
                e.updatedAtMs()));
          }
        }
        current = e.level();
      }
      for (Level l : used) {
        if (!l.isAbove(current) && current != Level.NONE) {
          out.add(new LevelSpan(first.rule(), first.site(), first.subject(), l, first.id(), since[l.ordinal()],
              Long.MAX_VALUE));
        }
      }
    }
    return out.stream().filter(s -> s.startMs < toMs && s.endMs >= fromMs)
        .sorted(Comparator.comparingLong(LevelSpan::startMs).thenComparing(LevelSpan::rule)
            .thenComparing(LevelSpan::subject).thenComparing(LevelSpan::level))
        .toList();
  }

  /** The levels each rule has (its level bands and its deadman level) over both rulesets, by rule id. */
  public static Map<String, Set<Level>> levelsOf(RuleSet... sets) {
    Map<String, Set<Level>> out = new LinkedHashMap<>();
    for (RuleSet set : sets) {
      for (RuleDef r : set.rules()) {
        Set<Level> l = out.computeIfAbsent(r.id(), k -> new TreeSet<>());
        r.levels().forEach(b -> l.add(b.level()));
        if (r.deadman() != null) {
          l.add(r.deadman().level());
        }
      }
      for (HealthRule h : set.health().rules()) {
        Set<Level> l = out.computeIfAbsent(HealthAlerts.rule(h.name()), k -> new TreeSet<>());
        for (Level level : Level.ALERT_LEVELS) {
          if (!Double.isNaN(h.below(level))) {
            l.add(level);
          }
        }
      }
    }
    return out;
  }
}
