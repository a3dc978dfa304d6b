package org.vigil.core;

import java.util.Objects;

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
    String message) {

  public AlertEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(previousLevel, "previousLevel");
    Objects.requireNonNull(state, "state");
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
