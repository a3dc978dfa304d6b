package org.vigil.alerts.notify;

import java.util.HashMap;
import java.util.Map;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * An {@link AlertEvent} as state: the same fields as a Flink POJO (public no-argument constructor, public fields, the
 * map declared as {@code Map}), so that state holds no records. Convert with {@link #of} and {@link #toEvent}.
 */
public class EventSnapshot {

  public String id;
  public String rule;
  public String site;
  public String subject;
  public Level level;
  public Level previousLevel;
  public AlertState state;
  public double value;
  public double threshold;
  public long startedAtMs;
  public long updatedAtMs;
  public String message;
  public Map<String, Double> details = new HashMap<>();
  public Long forecastFailureAtMs;
  /** The command mode it was judged in; null in state from before modes (read as none). */
  public String mode;

  public EventSnapshot() {}

  public static EventSnapshot of(AlertEvent e) {
    EventSnapshot s = new EventSnapshot();
    s.id = e.id();
    s.rule = e.rule();
    s.site = e.site();
    s.subject = e.subject();
    s.level = e.level();
    s.previousLevel = e.previousLevel();
    s.state = e.state();
    s.value = e.value();
    s.threshold = e.threshold();
    s.startedAtMs = e.startedAtMs();
    s.updatedAtMs = e.updatedAtMs();
    s.message = e.message();
    s.details = new HashMap<>(e.details());
    s.forecastFailureAtMs = e.forecastFailureAtMs();
    s.mode = e.mode();
    return s;
  }

  public AlertEvent toEvent() {
    return new AlertEvent(id, rule, site, subject, level, previousLevel, state, value, threshold, startedAtMs,
        updatedAtMs, message, details, forecastFailureAtMs, null, mode);
  }
}
