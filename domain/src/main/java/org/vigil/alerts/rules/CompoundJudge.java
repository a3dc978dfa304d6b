package org.vigil.alerts.rules;

import java.util.HashMap;
import org.vigil.core.SensorMetrics;

/** The compound condition's bookkeeping: which parts held where and when at a site. */
final class CompoundJudge {

  private CompoundJudge() {}

  /** Records the parts this reading meets. */
  static void update(Condition.Compound c, RuleState s, SensorMetrics m) {
    for (Condition.Part p : c.parts()) {
      if (!p.appliesTo(m.kind())) {
        continue;
      }
      double v = m.value(p.metric());
      Long last = s.heldAtMs.get(p.name());
      if (!Double.isNaN(v) && p.direction().reaches(v, p.threshold())
          && (last == null || m.timestampMs() >= last)) {
        s.heldAtMs.put(p.name(), m.timestampMs());
        s.heldValue.put(p.name(), v);
        s.heldSubject.put(p.name(), m.subject());
      }
    }
  }

  /** 1 when the parts combine to true at {@code nowMs}, else 0. */
  static double value(Condition.Compound c, RuleState s, long nowMs) {
    return held(c, s, nowMs) >= needed(c) ? 1 : 0;
  }

  /** How many of the combined parts hold at {@code nowMs}. */
  static int held(Condition.Compound c, RuleState s, long nowMs) {
    long windowMs = c.window().toMillis();
    return (int) c.of().stream().filter(n -> holds(s, n, nowMs, windowMs)).count();
  }

  /** How many parts must hold: all of them, or one. */
  static int needed(Condition.Compound c) {
    return c.match() == Condition.Match.ALL ? c.of().size() : 1;
  }

  /** The device time at which the combination stops holding if nothing new arrives. */
  static long expiry(Condition.Compound c, RuleState s) {
    long windowMs = c.window().toMillis();
    long result = c.match() == Condition.Match.ALL ? Long.MAX_VALUE : Long.MIN_VALUE;
    for (String n : c.of()) {
      Long at = s.heldAtMs.get(n);
      long end = at == null ? Long.MIN_VALUE : at + windowMs;
      result = c.match() == Condition.Match.ALL ? Math.min(result, end) : Math.max(result, end);
    }
    return result;
  }

  /** Per part: its value and when it last held. */
  static HashMap<String, Double> details(Condition.Compound c, RuleState s) {
    HashMap<String, Double> d = new HashMap<>();
    for (Condition.Part p : c.parts()) {
      Double v = s.heldValue.get(p.name());
      if (v != null) {
        d.put(p.name() + "_" + p.metric(), v);
        d.put(p.name() + "_held_at", s.heldAtMs.get(p.name()).doubleValue());
      }
    }
    return d;
  }

  private static boolean holds(RuleState s, String name, long nowMs, long windowMs) {
    Long at = s.heldAtMs.get(name);
    return at != null && at <= nowMs && at > nowMs - windowMs;
  }
}
