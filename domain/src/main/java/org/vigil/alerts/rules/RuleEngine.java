package org.vigil.alerts.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.HazardMetrics;
import org.vigil.core.Level;
import org.vigil.core.SensorMetrics;

/**
 * Judges one {@link RuleDef} for one subject at a time, over a {@link RuleState} the caller keeps per (rule id,
 * subject), and returns the alert transitions (opened, escalated, de-escalated, resolved) it causes; at most one
 * alert is open per rule and subject. Flink-free and deterministic: the same rule, readings and times give the same
 * events, ids included ({@link AlertIds} of rule, subject and opening device time).
 *
 * <p><b>Time.</b> Everything is device time. {@link #onMetrics} judges readings in device-time order per subject (a
 * reading older than the newest one judged is ignored; compound rules take older readings of other sensors of the
 * site into account). {@link #onTime} is called with "now" on the same clock (event-time timers driven by watermarks
 * in the job, or the replay clock in a backtest) for pending expiry, keep-firing expiry, deadman and compound window
 * expiry; {@link #nextTimeMs} says when it is next needed. A transition found by {@link #onTime} is stamped with the
 * device time at which it became due (e.g. last reading + deadman period), not with "now", so the timer's delay does
 * not change ids.
 *
 * <p><b>Levels.</b> From level {@code c}, a judged value escalates (or opens) to the highest level whose raise
 * threshold it has reached continuously for {@code pending}; it falls (hysteresis of {@link Levels}, in the condition's direction) to
 * the highest level whose clear threshold it still reaches once it has been below the current clear threshold for
 * {@code keepFiring}; a reading back above the clear threshold restarts that clock. NaN (metric missing) leaves
 * everything as it is.
 *
 * <p><b>Rule changes.</b> Each state carries the {@link RuleDef#fingerprint()} it was judged under. When a reading
 * or timer finds a different fingerprint, the rule changed: the open alert (id, level, start) is kept, the memory
 * of the old definition (pending and keep-firing clocks, rate samples, compound parts) is dropped, and the reading
 * is judged under the new definition from the open alert's level: it escalates, de-escalates or resolves under the
 * new thresholds, with the new pending and keep-firing periods counted from that reading. A state whose fingerprint
 * equals the rule's (unchanged rule, or only its description changed) carries on untouched. When a rule is removed
 * the caller calls {@link #onRemoved}.
 */
public final class RuleEngine {

  private static final double MS_PER_HOUR = 3_600_000.0;

  private final RuleDef rule;
  private final String fingerprint;
  private final Levels levels;

  /** An engine for one rule; cheap, keep one per rule version. */
  public RuleEngine(RuleDef rule) {
    this(rule, rule.fingerprint());
  }

  private RuleEngine(RuleDef rule, String fingerprint) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.fingerprint = fingerprint;
    this.levels = Levels.of(rule);
  }

  /**
   * An engine that judges with a command mode's copy of {@code base} ({@link ModeProfiles#ruleFor}: other levels,
   * nothing else) and keeps the state of {@code base}: a switch of mode keeps the rule's windows, clocks and open
   * alert, and the next value is judged with the mode's levels.
   */
  public static RuleEngine forMode(RuleDef base, RuleDef inMode) {
    return new RuleEngine(inMode, base.fingerprint());
  }

  public RuleDef rule() {
    return rule;
  }

  /** True when the rule judges this reading: in scope, and of a kind that has the metric (or a compound part's). */
  public boolean applies(SensorMetrics m) {
    if (rule.crowd() || !rule.scope().matches(m)) {
      return false;
    }
    if (rule.condition() instanceof Condition.Compound c) {
      return c.parts().stream().anyMatch(p -> p.appliesTo(m.kind()));
    }
    HazardMetrics.Info info = rule.metric().isEmpty() ? null : HazardMetrics.info(rule.metric());
    return !rule.scope().kinds().isEmpty() || info == null || info.kinds().contains(m.kind());
  }

  /** The subject a reading is judged for: the sensor ({@code site/kind/sensorId}), or the site for compound rules. */
  public String subjectOf(SensorMetrics m) {
    return rule.perSite() ? m.site() : m.subject();
  }

  /** A fresh state for the subject of this reading. */
  public RuleState newState(SensorMetrics m) {
    return new RuleState(rule.id(), m.site(), subjectOf(m));
  }

  /** A fresh state for a subject that is not a sensor (a crowd rule's zone, line or camera). */
  public RuleState newState(String site, String subject) {
    return new RuleState(rule.id(), site, subject);
  }

  /**
   * Judges a value worked out by the caller (crowd rules: {@code org.vigil.alerts.crowd.CrowdRules} reads the frames'
   * windows) with the rule's levels, pending and keep-firing, exactly as {@link #onMetrics} judges a reading's value.
   * A value older than the newest judged is ignored; NaN leaves everything as it is.
   *
   * @param t device time (a frame's capture time), epoch ms
   * @param value the judged value
   * @param details explaining numbers, copied into the events
   * @param why the sentence that explains the value, the start of the events' messages (null: the rule's words)
   */
  public List<AlertEvent> onValue(RuleState s, long t, double value, Map<String, Double> details, String why) {
    adopt(s);
    if (s.lastSeenMs != RuleState.UNSET && t < s.lastSeenMs) {
      return List.of();
    }
    s.lastSeenMs = t;
    if (!Double.isNaN(value)) { // a value not known yet keeps the explanation of the last one judged
      s.lastDetails = new HashMap<>(details);
      s.lastWhy = why;
    }
    List<AlertEvent> out = new ArrayList<>();
    judge(s, value, t, out);
    return out;
  }

  /** Judges one reading; returns the transitions it causes (usually none or one), oldest first. */
  public List<AlertEvent> onMetrics(RuleState s, SensorMetrics m) {
    if (!applies(m)) {
      return List.of();
    }
    adopt(s);
    List<AlertEvent> out = new ArrayList<>();
    long t = m.timestampMs();
    if (rule.condition() instanceof Condition.Compound c) {
      s.lastSeenMs = Math.max(s.lastSeenMs, t);
      CompoundJudge.update(c, s, m);
      s.lastDetails = CompoundJudge.details(c, s);
      judge(s, CompoundJudge.value(c, s, s.lastSeenMs), s.lastSeenMs, out);
      return out;
    }
    if (s.lastSeenMs != RuleState.UNSET && t < s.lastSeenMs) {
      return List.of();
    }
    s.lastSeenMs = t;
    HashMap<String, Double> details = new HashMap<>();
    for (String name : rule.explain()) {
      double v = m.value(name);
      if (Double.isFinite(v)) {
        details.put(name, v);
      }
    }
    if (RainJudge.handles(rule.condition())) {
      // Several judgements when dry reports waited for their storm's fate; each stamped with its own device time,
      // explained by the newest report's numbers.
      List<RainJudge.Judged> judged = RainJudge.judge(rule.condition(), s, m, details);
      s.lastDetails = details;
      for (RainJudge.Judged j : judged) {
        judge(s, j.value(), j.atMs(), out);
      }
      return out;
    }
    double value = Values.judgedValue(rule, s, m, details);
    s.lastDetails = details;
    double forecast = m.value(HazardMetrics.FORECAST_FAILURE);
    s.forecastFailureAtMs = Double.isFinite(forecast) ? Long.valueOf((long) forecast) : null;
    judge(s, value, t, out);
    return out;
  }

  /** Advances time to {@code nowMs} without a reading; returns the transitions that became due, oldest first. */
  public List<AlertEvent> onTime(RuleState s, long nowMs) {
    adopt(s);
    List<AlertEvent> out = new ArrayList<>();
    if (s.lastSeenMs == RuleState.UNSET) {
      return out;
    }
    if (rule.condition() instanceof Condition.NoData) {
      Level target = Level.NONE;
      double silentH = Double.NaN;
      for (LevelBand b : rule.levels()) {
        if (nowMs >= s.lastSeenMs + hoursToMs(b.raise())) {
          target = b.level();
          silentH = b.raise();
        }
      }
      if (target.isAbove(s.level)) {
        s.lastValue = silentH;
        transition(s, target, silentH, s.lastSeenMs + hoursToMs(silentH), out);
      }
      return out;
    }
    if (rule.condition() instanceof Condition.Compound c && s.lastValue == 1.0) {
      long expiry = CompoundJudge.expiry(c, s);
      if (nowMs >= expiry) {
        judge(s, CompoundJudge.value(c, s, expiry), expiry, out);
      }
    }
    long pendingMs = rule.pending().toMillis();
    if (!Double.isNaN(s.lastValue)) {
      Level raised = Level.NONE;
      long at = 0;
      for (LevelBand b : levels.bands()) {
        long since = s.raisingSinceMs[b.level().ordinal()];
        if (since != RuleState.UNSET && nowMs >= since + pendingMs) {
          raised = b.level();
          at = Math.max(since + pendingMs, s.lastSeenMs);
        }
      }
      if (raised.isAbove(s.level)) {
        s.fallingSinceMs = RuleState.UNSET;
        transition(s, raised, s.lastValue, at, out);
      }
      if (s.fallingSinceMs != RuleState.UNSET && nowMs >= s.fallingSinceMs + rule.keepFiring().toMillis()) {
        Level d = levels.next(s.level, s.lastValue);
        long due = s.fallingSinceMs + rule.keepFiring().toMillis();
        s.fallingSinceMs = RuleState.UNSET;
        if (d.compareTo(s.level) < 0) {
          transition(s, d, s.lastValue, due, out);
        }
      }
    }
    if (rule.autoResolveAfter() != null && s.isOpen()
        && nowMs >= s.lastSeenMs + rule.autoResolveAfter().toMillis()) {
      autoResolve(s, out);
      return out;
    }
    Deadman dm = rule.deadman();
    if (dm != null && nowMs >= s.lastSeenMs + dm.after().toMillis() && dm.level().isAbove(s.level)) {
      s.silent = true;
      s.fallingSinceMs = RuleState.UNSET;
      double h = dm.after().toMillis() / MS_PER_HOUR;
      transition(s, dm.level(), h, s.lastSeenMs + dm.after().toMillis(), out);
    }
    return out;
  }

  /** The earliest "now" at which {@link #onTime} can change something; {@link Long#MAX_VALUE} when nothing waits. */
  public long nextTimeMs(RuleState s) {
    long next = Long.MAX_VALUE;
    if (s.lastSeenMs == RuleState.UNSET || !fingerprint.equals(s.fingerprint)) {
      return next;
    }
    if (rule.condition() instanceof Condition.NoData) {
      for (LevelBand b : rule.levels()) {
        if (b.level().isAbove(s.level)) {
          return s.lastSeenMs + hoursToMs(b.raise());
        }
      }
      return next;
    }
    if (rule.condition() instanceof Condition.Compound c && s.lastValue == 1.0) {
      next = Math.min(next, CompoundJudge.expiry(c, s));
    }
    for (LevelBand b : levels.bands()) {
      long since = s.raisingSinceMs[b.level().ordinal()];
      if (b.level().isAbove(s.level) && since != RuleState.UNSET) {
        next = Math.min(next, since + rule.pending().toMillis());
      }
    }
    if (s.fallingSinceMs != RuleState.UNSET) {
      next = Math.min(next, s.fallingSinceMs + rule.keepFiring().toMillis());
    }
    if (rule.deadman() != null && rule.deadman().level().isAbove(s.level)) {
      next = Math.min(next, s.lastSeenMs + rule.deadman().after().toMillis());
    }
    if (rule.autoResolveAfter() != null && s.isOpen()) {
      next = Math.min(next, s.lastSeenMs + rule.autoResolveAfter().toMillis());
    }
    return next;
  }

  /** The rule was removed from the ruleset: resolves the open alert at {@code nowMs}, if one is open. */
  public List<AlertEvent> onRemoved(RuleState s, long nowMs) {
    if (!s.isOpen()) {
      return List.of();
    }
    double v = Double.isFinite(s.lastValue) ? s.lastValue : 0;
    AlertEvent e = new AlertEvent(s.alertId, rule.id(), s.site, s.subject, Level.NONE, s.level,
        AlertState.RESOLVED, v, Double.NaN, s.startedAtMs, Math.max(nowMs, s.startedAtMs),
        AlertText.removed(rule, s), Map.copyOf(s.lastDetails), s.forecastFailureAtMs);
    s.alertId = null;
    s.level = Level.NONE;
    return List.of(e);
  }

  /**
   * Resolves the open alert of a subject that has sent nothing for {@link RuleDef#autoResolveAfter()}, stamped at
   * the last reading plus that period; the clocks of the old alert are reset, so the next reading is judged afresh.
   */
  private void autoResolve(RuleState s, List<AlertEvent> out) {
    long at = s.lastSeenMs + rule.autoResolveAfter().toMillis();
    double v = Double.isFinite(s.lastValue) ? s.lastValue : Double.NaN;
    String message = AlertText.capitalised(rule.describe()) + " on " + s.subject + ": resolved automatically, no reading for "
        + AlertText.human(rule.autoResolveAfter()) + " (the last at " + AlertText.isoTime(s.lastSeenMs)
        + ", " + s.level.wireName() + ")";
    out.add(new AlertEvent(s.alertId, rule.id(), s.site, s.subject, Level.NONE, s.level, AlertState.RESOLVED, v,
        Double.NaN, s.startedAtMs, at, message, Map.copyOf(s.lastDetails), s.forecastFailureAtMs));
    s.alertId = null;
    s.level = Level.NONE;
    s.silent = false;
    s.fallingSinceMs = RuleState.UNSET;
    s.raisingSinceMs = RuleState.unset();
    s.lastValue = Double.NaN;
  }

  /** Brings a state judged under another version of the rule to this one (see the class comment). */
  private void adopt(RuleState s) {
    if (fingerprint.equals(s.fingerprint)) {
      return;
    }
    if (s.fingerprint != null) {
      s.raisingSinceMs = RuleState.unset();
      s.fallingSinceMs = RuleState.UNSET;
      s.sampleTimesMs = new long[0];
      s.sampleValues = new double[0];
      RainJudge.reset(s);
      s.heldAtMs.clear();
      s.heldValue.clear();
      s.heldSubject.clear();
      s.lastValue = Double.NaN;
    }
    s.fingerprint = fingerprint;
  }

  private void judge(RuleState s, double value, long t, List<AlertEvent> out) {
    s.lastValue = value;
    if (Double.isNaN(value)) {
      return;
    }
    Level current = s.level;
    long pendingMs = rule.pending().toMillis();
    Level raised = Level.NONE;
    for (LevelBand b : levels.bands()) {
      int i = b.level().ordinal();
      if (levels.reaches(value, b.raise())) {
        if (s.raisingSinceMs[i] == RuleState.UNSET) {
          s.raisingSinceMs[i] = t;
        }
        if (t - s.raisingSinceMs[i] >= pendingMs) {
          raised = b.level();
        }
      } else {
        s.raisingSinceMs[i] = RuleState.UNSET;
      }
    }
    if (raised.isAbove(current)) {
      s.fallingSinceMs = RuleState.UNSET;
      s.silent = false;
      transition(s, raised, value, t, out);
      return;
    }
    Level d = levels.next(current, value);
    if (d.compareTo(current) >= 0) {
      s.fallingSinceMs = RuleState.UNSET;
      s.silent = false;
      return;
    }
    if (s.fallingSinceMs == RuleState.UNSET) {
      s.fallingSinceMs = t;
    }
    // Data back after a deadman alert is judged afresh: keep-firing is for conditions, not for silence.
    long keepMs = s.silent ? 0 : rule.keepFiring().toMillis();
    s.silent = false;
    if (t - s.fallingSinceMs >= keepMs) {
      s.fallingSinceMs = RuleState.UNSET;
      transition(s, d, value, t, out);
    }
  }

  private void transition(RuleState s, Level to, double value, long t, List<AlertEvent> out) {
    Level from = s.level;
    AlertState state;
    double threshold;
    if (from == Level.NONE) {
      state = AlertState.OPENED;
      s.alertId = AlertIds.of(rule.id(), s.subject, t);
      s.startedAtMs = t;
      threshold = raiseOf(to);
    } else if (to.isAbove(from)) {
      state = AlertState.ESCALATED;
      threshold = raiseOf(to);
    } else {
      state = to == Level.NONE ? AlertState.RESOLVED : AlertState.DE_ESCALATED;
      threshold = levels.clearLeft(from, to);
    }
    String message = AlertText.message(rule, s, from, to, state, value, threshold);
    if (rule.condition() instanceof Condition.Compound c) {
      // As the built-in compound rule reports it: parts holding against parts needed.
      value = CompoundJudge.held(c, s, t);
      threshold = CompoundJudge.needed(c);
    }
    out.add(new AlertEvent(s.alertId, rule.id(), s.site, s.subject, to, from, state, value, threshold,
        s.startedAtMs, t, message, Map.copyOf(s.lastDetails), s.forecastFailureAtMs));
    s.level = to;
    if (to == Level.NONE) {
      s.alertId = null;
      s.silent = false;
    }
  }

  private double raiseOf(Level level) {
    if (rule.deadman() != null && rule.deadman().level() == level && !hasBand(level)) {
      return rule.deadman().after().toMillis() / MS_PER_HOUR;
    }
    LevelBand b = levels.band(level);
    return b == null ? Double.NaN : b.raise();
  }

  private boolean hasBand(Level level) {
    return levels.band(level) != null;
  }

  private static long hoursToMs(double hours) {
    return Math.round(hours * MS_PER_HOUR);
  }
}
