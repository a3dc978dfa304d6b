package org.vigil.alerts.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.core.Level;
import org.vigil.core.settings.Durations;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The ruleset's {@code escalation:} section: how long an alert of each level may stay unacknowledged before it is
 * referred to the next region up (and, at the top of the region tree, how often the top is reminded). A level
 * without a time does not escalate; {@link #NONE} (no section) escalates nothing.
 *
 * <pre>{@code
 * escalation:
 *   red: 5m
 *   orange: 15m
 * }</pre>
 *
 * <p>Times in milliseconds, 0 for "does not escalate": plain longs, so that the policy travels between the job's
 * operators and sits in its broadcast state as a Flink POJO (and in the serialised ruleset) without collections.
 *
 * @param blueMs escalation period of blue alerts, ms; 0 when they do not escalate
 * @param yellowMs of yellow alerts
 * @param orangeMs of orange alerts
 * @param redMs of red alerts
 */
public record EscalationPolicy(long blueMs, long yellowMs, long orangeMs, long redMs) implements Serializable {

  /** No escalation: what a ruleset without an {@code escalation:} section has. */
  public static final EscalationPolicy NONE = new EscalationPolicy(0, 0, 0, 0);

  /** Shortest period accepted: shorter ones would refer an alert up the whole tree before anyone could answer. */
  public static final Duration MIN_PERIOD = Duration.ofSeconds(1);

  /** Fields of the section: the alert levels. */
  static final List<String> FIELDS = List.of("blue", "yellow", "orange", "red");

  public EscalationPolicy {
    for (long ms : new long[] {blueMs, yellowMs, orangeMs, redMs}) {
      if (ms < 0) {
        throw new IllegalArgumentException("escalation periods must not be negative: " + ms + " ms");
      }
    }
  }

  /** The period of {@code level}, ms; 0 when it does not escalate (and for {@link Level#NONE}). */
  public long periodMs(Level level) {
    return switch (level) {
      case BLUE -> blueMs;
      case YELLOW -> yellowMs;
      case ORANGE -> orangeMs;
      case RED -> redMs;
      default -> 0;
    };
  }

  /** True when no level escalates. */
  public boolean isEmpty() {
    return blueMs == 0 && yellowMs == 0 && orangeMs == 0 && redMs == 0;
  }

  /**
   * What changed from {@code old} to this one, level by level, highest first: {@code red 5m -> 3m}, {@code orange
   * 15m (added)}, {@code yellow (removed, was 30m)}; empty when nothing did.
   */
  public List<String> changesFrom(EscalationPolicy old) {
    EscalationPolicy before = old == null ? NONE : old;
    List<String> out = new ArrayList<>();
    for (int i = Level.ALERT_LEVELS.length - 1; i >= 0; i--) {
      Level l = Level.ALERT_LEVELS[i];
      long was = before.periodMs(l);
      long now = periodMs(l);
      if (was == now) {
        continue;
      }
      String name = l.wireName();
      if (was == 0) {
        out.add(name + " " + human(now) + " (added)");
      } else if (now == 0) {
        out.add(name + " (removed, was " + human(was) + ")");
      } else {
        out.add(name + " " + human(was) + " -> " + human(now));
      }
    }
    return out;
  }

  /** {@code red 5m, orange 15m}; {@code none} when empty. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (int i = Level.ALERT_LEVELS.length - 1; i >= 0; i--) {
      long ms = periodMs(Level.ALERT_LEVELS[i]);
      if (ms > 0) {
        parts.add(Level.ALERT_LEVELS[i].wireName() + " " + human(ms));
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** A period as written in rulesets: {@code 5m}, {@code 1h30m}, {@code 3s}. */
  public static String human(long ms) {
    return Durations.format(Duration.ofMillis(ms));
  }

  /**
   * Reads the {@code escalation:} section, reporting every problem with its line: a mapping of alert level names to
   * durations of at least {@link #MIN_PERIOD}. Returns null when it is wrong (the problems are in {@code r}).
   */
  static EscalationPolicy read(NodeReader r, Node section) {
    Map<String, Node> fields = r.mapping(section, "escalation", FIELDS);
    if (fields == null) {
      return null;
    }
    long[] ms = new long[FIELDS.size()];
    boolean ok = true;
    for (Map.Entry<String, Node> f : fields.entrySet()) {
      String what = "escalation." + f.getKey();
      Duration d = r.duration(f.getValue(), what);
      if (d == null) {
        ok = false;
      } else if (d.compareTo(MIN_PERIOD) < 0) {
        r.problem(f.getValue(), what + " must be at least " + human(MIN_PERIOD.toMillis()) + " (how long a "
            + f.getKey().toLowerCase(Locale.ROOT) + " alert may stay unacknowledged before it is referred up), not "
            + human(d.toMillis()));
        ok = false;
      } else {
        ms[FIELDS.indexOf(f.getKey())] = d.toMillis();
      }
    }
    return ok ? new EscalationPolicy(ms[0], ms[1], ms[2], ms[3]) : null;
  }
}
