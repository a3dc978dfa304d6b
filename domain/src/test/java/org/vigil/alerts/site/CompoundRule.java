package org.vigil.alerts.site;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/**
 * The first compound rule of the job, kept in the tests as the reference the rule engine's {@code compound}
 * condition is checked against ({@code SameAsBuiltInRulesTest}); the job runs the engine.
 *
 * <p>A site-level rule that fires when every one of its conditions has held at some sensor of the same site within a
 * time window, e.g. heavy rain at any gauge <em>and</em> an accelerating slope at any displacement sensor within 12
 * hours: the combination landslide warning practice looks for, which no single-sensor threshold expresses.
 *
 * <p>A condition holds for a sensor when the sensor's metric is at or above the condition's threshold. The rule
 * remembers, per condition, the latest device time it held and where; "now" is the newest device time seen at the
 * site. The alert opens (at {@link #level}) when every condition held within {@code (now - window, now]}, and
 * resolves when one of them has not held for a whole window. The subject of the alert is the site itself.
 *
 * @param id rule id
 * @param description words for people ("heavy rain and an accelerating slope")
 * @param level the level the alert opens at
 * @param window how recent each condition must be
 * @param conditions what must all hold (at least two)
 */
public record CompoundRule(String id, String description, Level level, Duration window, List<Condition> conditions)
    implements Serializable {

  /**
   * One condition: {@code metric >= atLeast} at any sensor of the given kinds (any kind when empty).
   *
   * @param name short name used in details and messages, e.g. {@code rain}
   * @param metric the metric judged
   * @param atLeast the threshold, inclusive
   * @param kinds sensor kinds that count
   */
  public record Condition(String name, String metric, double atLeast, Set<SensorKind> kinds) implements Serializable {
    public Condition {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(metric, "metric");
      kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
    }

    boolean appliesTo(SensorKind kind) {
      return kinds.isEmpty() || kinds.contains(kind);
    }
  }

  public CompoundRule {
    Objects.requireNonNull(id, "id");
    description = description == null ? id : description;
    List<String> problems = new ArrayList<>();
    if (level == null || level == Level.NONE) {
      problems.add("level must be blue, yellow, orange or red");
    }
    if (window == null || window.isNegative() || window.isZero()) {
      problems.add("window must be positive");
    }
    if (conditions == null || conditions.size() < 2) {
      problems.add("a compound rule needs at least two conditions");
    } else if (conditions.stream().map(Condition::name).distinct().count() < conditions.size()) {
      problems.add("condition names must be distinct");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("compound rule " + id + ": " + String.join("; ", problems));
    }
    conditions = List.copyOf(conditions);
  }

  /**
   * Judges one sensor's metrics against the site's state (updated in place) and returns the transition it causes,
   * or null.
   */
  public AlertEvent evaluate(CompoundState state, SensorMetrics m) {
    state.nowMs = Math.max(state.nowMs, m.timestampMs());
    for (Condition c : conditions) {
      if (!c.appliesTo(m.kind())) {
        continue;
      }
      double v = m.value(c.metric());
      Long last = state.heldAtMs.get(c.name());
      if (v >= c.atLeast() && (last == null || m.timestampMs() >= last)) {
        state.heldAtMs.put(c.name(), m.timestampMs());
        state.heldValue.put(c.name(), v);
        state.heldSubject.put(c.name(), m.subject());
      }
    }
    boolean all = conditions.stream().allMatch(c -> holds(state, c));
    boolean open = state.openId != null;
    if (all == open) {
      return null;
    }
    String subject = m.site();
    if (all) {
      state.openId = AlertIds.of(id, subject, state.nowMs);
      state.openedAtMs = state.nowMs;
      return event(state, m.site(), level, Level.NONE, AlertState.OPENED,
          String.format(Locale.ROOT, "%s at %s: %s within %s", capitalised(), m.site(), describe(state),
              human(window)));
    }
    AlertEvent e = event(state, m.site(), Level.NONE, level, AlertState.RESOLVED,
        String.format(Locale.ROOT, "%s at %s: resolved, %s has not held for %s", capitalised(), m.site(),
            conditions.stream().filter(c -> !holds(state, c)).map(Condition::name).findFirst().orElse("?"),
            human(window)));
    state.openId = null;
    return e;
  }

  private boolean holds(CompoundState s, Condition c) {
    Long at = s.heldAtMs.get(c.name());
    return at != null && at > s.nowMs - window.toMillis();
  }

  private AlertEvent event(CompoundState s, String site, Level lvl, Level previous, AlertState st, String message) {
    Map<String, Double> details = new LinkedHashMap<>();
    for (Condition c : conditions) {
      Double v = s.heldValue.get(c.name());
      if (v != null) {
        details.put(c.name() + "_" + c.metric(), v);
        details.put(c.name() + "_held_at", s.heldAtMs.get(c.name()).doubleValue());
      }
    }
    return new AlertEvent(s.openId, id, site, site, lvl, previous, st, conditions.stream().filter(c -> holds(s, c))
        .count(), conditions.size(), s.openedAtMs, s.nowMs, message, details, null);
  }

  private String describe(CompoundState s) {
    List<String> parts = new ArrayList<>();
    for (Condition c : conditions) {
      parts.add(String.format(Locale.ROOT, "%s (%s %.1f at %s, %s; threshold %.1f)", c.name(), c.metric(),
          s.heldValue.get(c.name()), s.heldSubject.get(c.name()), Instant.ofEpochMilli(s.heldAtMs.get(c.name())),
          c.atLeast()));
    }
    return String.join(" and ", parts);
  }

  private String capitalised() {
    return description.isEmpty() ? id : Character.toUpperCase(description.charAt(0)) + description.substring(1);
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
