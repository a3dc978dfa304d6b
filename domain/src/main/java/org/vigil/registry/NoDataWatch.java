package org.vigil.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * The no-data alert of registered devices (rule {@value #RULE}): a device silent for its reporting interval times the
 * registry's {@link NoDataPolicy#factor()} raises an alert at the policy's level, counted from its newest report, or,
 * when it never reported, from when the registry took effect or from its installation, whichever is later; its next
 * report resolves it. Reports are seen at most every {@code slack} per device (the job thins them out), so a silence
 * is counted from the last report seen plus that slack: never shorter than configured, at most the slack longer.
 * Flink-free: the caller keeps the {@link DeviceSilence} of each device and the wall clock.
 */
public final class NoDataWatch {

  /** Rule id of the no-data alerts. */
  public static final String RULE = org.vigil.core.HealthAlerts.NO_DATA_RULE;

  private NoDataWatch() {}

  /** How far apart the job passes on reports of one device: a tenth of its silence, at most a minute. */
  public static long slackMs(Device d, NoDataPolicy p) {
    return Math.min(60_000, p.silence(d).toMillis() / 10);
  }

  /** When {@code d} counts as silent unless it reports before. */
  public static long deadlineMs(Device d, NoDataPolicy p, DeviceSilence s) {
    long from = s.lastSeenMs != Long.MIN_VALUE ? s.lastSeenMs + slackMs(d, p)
        : Math.max(s.watchedSinceMs, d.installedMs());
    return from + p.silence(d).toMillis();
  }

  /** A report of {@code d} seen at {@code nowMs}: resolves its open no-data alert, if any. */
  public static Optional<AlertEvent> onReport(Device d, DeviceSilence s, long nowMs) {
    s.lastSeenMs = Math.max(s.lastSeenMs, nowMs);
    if (s.alertOpenedMs == Long.MIN_VALUE) {
      return Optional.empty();
    }
    Level was = Level.values()[s.alertLevel];
    AlertEvent e = new AlertEvent(AlertIds.of(RULE, d.subject(), s.alertOpenedMs), RULE, d.site(), d.subject(),
        Level.NONE, was, AlertState.RESOLVED, 0, 0, s.alertOpenedMs, nowMs,
        d.subject() + " reports again (no data since " + Instant.ofEpochMilli(s.alertOpenedMs) + "): " + was.wireName()
            + " -> none", Map.of(), null);
    s.alertOpenedMs = Long.MIN_VALUE;
    s.alertLevel = 0;
    return Optional.of(e);
  }

  /** The wall clock reached {@code nowMs}: opens the no-data alert of {@code d} when its deadline passed. */
  public static Optional<AlertEvent> onTime(Device d, NoDataPolicy p, DeviceSilence s, long nowMs) {
    long due = deadlineMs(d, p, s);
    if (s.alertOpenedMs != Long.MIN_VALUE || nowMs < due) {
      return Optional.empty();
    }
    s.alertOpenedMs = due;
    s.alertLevel = p.level().ordinal();
    Duration silence = p.silence(d);
    String since = s.lastSeenMs == Long.MIN_VALUE
        ? "has not reported since it was registered (" + Instant.ofEpochMilli(Math.max(s.watchedSinceMs,
            d.installedMs())) + ")"
        : "has not reported since " + Instant.ofEpochMilli(s.lastSeenMs);
    double silentH = (due - (s.lastSeenMs == Long.MIN_VALUE ? Math.max(s.watchedSinceMs, d.installedMs())
        : s.lastSeenMs)) / 3_600_000.0;
    return Optional.of(new AlertEvent(AlertIds.of(RULE, d.subject(), due), RULE, d.site(), d.subject(), p.level(),
        Level.NONE, AlertState.OPENED, silentH, silence.toMillis() / 3_600_000.0, due, due,
        d.subject() + " " + since + ": expected every " + d.interval().toString().substring(2).toLowerCase()
            + ", no data for " + p.factor() + " intervals: none -> " + p.level().wireName(),
        Map.of("interval_s", d.interval().toMillis() / 1000.0), null));
  }

  /** Resolves the open no-data alert of a device that left the registry, at {@code nowMs}. */
  public static Optional<AlertEvent> onRemoved(Device d, DeviceSilence s, long nowMs) {
    if (s.alertOpenedMs == Long.MIN_VALUE) {
      return Optional.empty();
    }
    long last = s.lastSeenMs;
    Optional<AlertEvent> e = onReport(d, s, nowMs);
    s.lastSeenMs = last;
    return e.map(a -> new AlertEvent(a.id(), a.rule(), a.site(), a.subject(), a.level(), a.previousLevel(),
        a.state(), a.value(), a.threshold(), a.startedAtMs(), a.updatedAtMs(),
        d.subject() + " left the registry: its no-data alert is resolved", a.details(), null));
  }
}
