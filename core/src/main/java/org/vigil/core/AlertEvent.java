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
 * @param referral for {@link AlertState#REFERRED}: which referral it is and to whom; null for every other state
 * @param mode the command mode of the site's region the transition was judged in ({@code daily}, {@code holiday},
 *     {@code emergency}; an acknowledgement or a referral carries that of the transition it follows); empty when no
 *     mode applied (a transition not judged by the rules, such as a registry's no-data alert)
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
    Long forecastFailureAtMs,
    Referral referral,
    String mode) {

  /**
   * A referral of an unacknowledged alert up the region tree.
   *
   * @param step 1 for the first referral (to the region above the site's), 2 for the next, ...
   * @param regionId the region referred to; empty without a registry (or for a site the registry does not know)
   * @param regionLevel that region's level ({@code township}, {@code county}, ...); empty when the region is
   * @param reminder true when the alert is already at the top of the tree: the referral repeats to the root region
   */
  public record Referral(int step, String regionId, String regionLevel, boolean reminder) {
    public Referral {
      if (step < 1) {
        throw new IllegalArgumentException("a referral step counts from 1, not " + step);
      }
      regionId = regionId == null ? "" : regionId;
      regionLevel = regionLevel == null ? "" : regionLevel;
    }
  }

  /** An event judged without a command mode. */
  public AlertEvent(String id, String rule, String site, String subject, Level level, Level previousLevel,
      AlertState state, double value, double threshold, long startedAtMs, long updatedAtMs, String message,
      Map<String, Double> details, Long forecastFailureAtMs, Referral referral) {
    this(id, rule, site, subject, level, previousLevel, state, value, threshold, startedAtMs, updatedAtMs, message,
        details, forecastFailureAtMs, referral, "");
  }

  /** An event of any state but {@link AlertState#REFERRED}: no referral. */
  public AlertEvent(String id, String rule, String site, String subject, Level level, Level previousLevel,
      AlertState state, double value, double threshold, long startedAtMs, long updatedAtMs, String message,
      Map<String, Double> details, Long forecastFailureAtMs) {
    this(id, rule, site, subject, level, previousLevel, state, value, threshold, startedAtMs, updatedAtMs, message,
        details, forecastFailureAtMs, null);
  }

  /** An event without details or forecast. */
  public AlertEvent(String id, String rule, String site, String subject, Level level, Level previousLevel,
      AlertState state, double value, double threshold, long startedAtMs, long updatedAtMs, String message) {
    this(id, rule, site, subject, level, previousLevel, state, value, threshold, startedAtMs, updatedAtMs, message,
        Map.of(), null, null);
  }

  public AlertEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(previousLevel, "previousLevel");
    Objects.requireNonNull(state, "state");
    if ((state == AlertState.REFERRED) != (referral != null)) {
      throw new IllegalArgumentException("a referral is given with, and only with, state referred (state " + state
          + ", referral " + referral + ")");
    }
    TreeMap<String, Double> sorted = new TreeMap<>();
    if (details != null) {
      details.forEach((k, v) -> {
        if (k != null && v != null && Double.isFinite(v)) {
          sorted.put(k, v);
        }
      });
    }
    details = Collections.unmodifiableMap(sorted);
    mode = mode == null ? "" : mode;
  }

  /** The same transition, judged in command mode {@code m}. */
  public AlertEvent withMode(String m) {
    return new AlertEvent(id, rule, site, subject, level, previousLevel, state, value, threshold, startedAtMs,
        updatedAtMs, message, details, forecastFailureAtMs, referral, m);
  }

  /** The same transition as a referral up the region tree (state {@link AlertState#REFERRED}) at {@code atMs}. */
  public AlertEvent referred(Referral r, long atMs, String text) {
    return new AlertEvent(id, rule, site, subject, level, level, AlertState.REFERRED, value, threshold, startedAtMs,
        atMs, text, details, forecastFailureAtMs, r, mode);
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
