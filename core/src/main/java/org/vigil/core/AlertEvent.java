package org.vigil.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One transition of an alert, as published on MQTT, stored in InfluxDB and delivered to webhooks.
 *
 * @param id alert id, deterministic from rule, subject and opening time: a replay produces the same id
 * @param rule rule id
 * @param site site id
 * @param subject the sensor (or camera) the alert is about, {@code site/kind/sensorId}
 * @param level the level after this transition ({@link Level#NONE} when resolved)
 * @param previousLevel the level before it
 * @param state the transition
 * @param value the value that caused it
 * @param threshold the threshold it was judged against (the clear threshold when resolving)
 * @param startedAtMs when the alert opened (device time of the opening reading), epoch ms
 * @param updatedAtMs device time of the reading that caused this transition, epoch ms
 * @param message a sentence for people
 * @param details the numbers that explain the transition besides value and threshold, by name (e.g. for an
 *     intensity-duration alert {@code duration_h}, {@code intensity_mm_h}; for a slope {@code velocity_mm_d},
 *     {@code forecast_r2}); sorted by name, finite values only
 * @param forecastFailureAtMs for slopes: the failure time forecast by the inverse-velocity method when its fit holds,
 *     epoch ms; null otherwise
 */
public record AlertEvent(
    String id,
    String rule,
    String site,
    String subject,
    Level level,
    Level previousLevel,
    AlertState state,
    double value,
    double threshold,
    long startedAtMs,
    long updatedAtMs,
    String message,
    Map<String, Double> details,
    Long forecastFailureAtMs) {

  /** An event without details or forecast. */
  public AlertEvent(String id, String rule, String site, String subject, Level level, Level previousLevel,
      AlertState state, double value, double threshold, long startedAtMs, long updatedAtMs, String message) {
    this(id, rule, site, subject, level, previousLevel, state, value, threshold, startedAtMs, updatedAtMs, message,
        Map.of(), null);
  }

  public AlertEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(previousLevel, "previousLevel");
    Objects.requireNonNull(state, "state");
    TreeMap<String, Double> sorted = new TreeMap<>();
    if (details != null) {
      details.forEach((k, v) -> {
        if (k != null && v != null && Double.isFinite(v)) {
          sorted.put(k, v);
        }
      });
    }
    details = Collections.unmodifiableMap(sorted);
  }

  /**
   * Id of this transition as a message: stable across replays (alert id, state and the transition's device time),
   * distinct for each transition of one alert. Used as the webhook-id; no dots, which the Standard Webhooks spec
   * advises against because the signed content joins id, timestamp and body with dots.
   */
  public String eventId() {
    return id + "_" + state.wireName() + "_" + updatedAtMs;
  }

  /** The level a notification about this event is filed under: the new level, or the previous one on resolve. */
  public Level notifyLevel() {
    return level == Level.NONE ? previousLevel : level;
  }
}
