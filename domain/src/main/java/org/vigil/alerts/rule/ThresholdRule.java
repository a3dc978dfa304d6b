package org.vigil.alerts.rule;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorMetrics;

/**
 * A rule that judges one metric of a subject against {@link LevelThresholds} and turns level changes into alert
 * events: opened (from nothing), escalated, de-escalated, resolved (back to nothing). At most one alert is open per
 * rule and subject; its state is the caller's {@link OpenAlert}.
 *
 * @param id rule id, e.g. {@code rain-1h}
 * @param metric what is judged, e.g. {@code rain_1h}
 * @param description words for people, used in messages ("rainfall over the last hour")
 * @param unit unit of the metric, e.g. {@code mm}
 * @param thresholds the levels
 * @param explain other metrics of the same sensor copied into the event's details, so that the alert carries the
 *     numbers that explain it (e.g. the event duration and mean intensity for an intensity-duration ratio)
 */
public record ThresholdRule(
    String id, String metric, String description, String unit, LevelThresholds thresholds, List<String> explain)
    implements Serializable {

  /** Name of the derived series holding the inverse-velocity failure forecast (epoch ms), copied into slope alerts. */
  public static final String FORECAST_METRIC = "forecast_failure_ts";

  public ThresholdRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(thresholds, "thresholds");
    description = description == null ? metric : description;
    unit = unit == null ? "" : unit;
    explain = explain == null ? List.of() : List.copyOf(explain);
  }

  /** A rule whose events carry no details. */
  public ThresholdRule(String id, String metric, String description, String unit, LevelThresholds thresholds) {
    this(id, metric, description, unit, thresholds, List.of());
  }

  /**
   * The result of judging one value.
   *
   * @param state the open alert after the value, or null when none is open
   * @param event the transition, or null when the level did not change
   */
  public record Outcome(OpenAlert state, AlertEvent event) {}

  /**
   * Judges this rule's metric in a sensor's metrics; sensors without the metric leave the alert as it is. The event
   * carries the {@link #explain} metrics as details and, when the sensor has one, the inverse-velocity failure
   * forecast ({@link #FORECAST_METRIC}).
   */
  public Outcome evaluate(OpenAlert open, SensorMetrics m) {
    Outcome o = evaluate(open, m.site(), m.subject(), m.value(metric), m.timestampMs());
    if (o.event() == null) {
      return o;
    }
    Map<String, Double> details = new LinkedHashMap<>();
    for (String name : explain) {
      double v = m.value(name);
      if (Double.isFinite(v)) {
        details.put(name, v);
      }
    }
    double forecast = m.value(FORECAST_METRIC);
    Long forecastAt = Double.isFinite(forecast) ? Long.valueOf((long) forecast) : null;
    AlertEvent e = o.event();
    String message = e.message();
    if (forecastAt != null && e.level() != Level.NONE) {
      message += "; inverse-velocity forecast of failure " + java.time.Instant.ofEpochMilli(forecastAt)
          + (Double.isFinite(m.value("forecast_r2"))
              ? String.format(Locale.ROOT, " (fit r2 %.2f)", m.value("forecast_r2")) : "");
    }
    return new Outcome(o.state(),
        new AlertEvent(e.id(), e.rule(), e.site(), e.subject(), e.level(), e.previousLevel(), e.state(), e.value(),
            e.threshold(), e.startedAtMs(), e.updatedAtMs(), message, details, forecastAt));
  }

  /**
   * Judges a value.
   *
   * @param open the open alert, or null
   * @param site site of the subject
   * @param subject the sensor, {@code site/kind/sensorId}
   * @param value the metric's value
   * @param timestampMs device time of the reading that produced the value
   */
  public Outcome evaluate(OpenAlert open, String site, String subject, double value, long timestampMs) {
    Level current = open == null ? Level.NONE : open.level();
    Level next = thresholds.next(current, value);
    if (next == current) {
      return new Outcome(open, null);
    }
    if (current == Level.NONE) {
      String alertId = AlertIds.of(id, subject, timestampMs);
      double raise = thresholds.band(next).raise();
      AlertEvent e =
          event(alertId, site, subject, next, current, AlertState.OPENED, value, raise, timestampMs, timestampMs,
              String.format(Locale.ROOT, "%s at %s is %s %s, at or above the %s level of %s %s",
                  capitalised(), subject, fmt(value), unit, next.wireName(), fmt(raise), unit));
      return new Outcome(new OpenAlert(alertId, next, timestampMs), e);
    }
    if (next.isAbove(current)) {
      double raise = thresholds.band(next).raise();
      AlertEvent e =
          event(open.id(), site, subject, next, current, AlertState.ESCALATED, value, raise, open.startedAtMs(),
              timestampMs, String.format(Locale.ROOT, "%s at %s rose to %s %s: %s -> %s (level %s %s)",
                  capitalised(), subject, fmt(value), unit, current.wireName(), next.wireName(), fmt(raise), unit));
      return new Outcome(new OpenAlert(open.id(), next, open.startedAtMs()), e);
    }
    // Falling: the threshold reported is the clear threshold of the lowest level that was left.
    Level left = lowestLeft(current, next);
    double clear = thresholds.band(left) == null ? Double.NaN : thresholds.band(left).clear();
    if (next == Level.NONE) {
      AlertEvent e =
          event(open.id(), site, subject, next, current, AlertState.RESOLVED, value, clear, open.startedAtMs(),
              timestampMs, String.format(Locale.ROOT, "%s at %s fell to %s %s, below the clear level of %s %s: resolved",
                  capitalised(), subject, fmt(value), unit, fmt(clear), unit));
      return new Outcome(null, e);
    }
    AlertEvent e =
        event(open.id(), site, subject, next, current, AlertState.DE_ESCALATED, value, clear, open.startedAtMs(),
            timestampMs, String.format(Locale.ROOT, "%s at %s fell to %s %s: %s -> %s (clear level %s %s)",
                capitalised(), subject, fmt(value), unit, current.wireName(), next.wireName(), fmt(clear), unit));
    return new Outcome(new OpenAlert(open.id(), next, open.startedAtMs()), e);
  }

  private Level lowestLeft(Level from, Level to) {
    Level lowest = from;
    for (LevelBand b : thresholds.bands()) {
      if (b.level().isAbove(to) && !b.level().isAbove(from) && b.level().compareTo(lowest) < 0) {
        lowest = b.level();
      }
    }
    return lowest;
  }

  private AlertEvent event(String alertId, String site, String subject, Level level, Level previous, AlertState state,
      double value, double threshold, long startedAt, long updatedAt, String message) {
    return new AlertEvent(alertId, id, site, subject, level, previous, state, value, threshold, startedAt, updatedAt,
        message);
  }

  private String capitalised() {
    return description.isEmpty() ? metric : Character.toUpperCase(description.charAt(0)) + description.substring(1);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
