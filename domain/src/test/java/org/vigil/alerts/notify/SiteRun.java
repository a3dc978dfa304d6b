package org.vigil.alerts.notify;

import java.util.ArrayList;
import java.util.List;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * Drives {@link NoiseControl} for one site the way the Flink operator does: events in, and {@link #advanceTo} fires
 * {@link NoiseControl#onTime} at every due time up to a watermark, in order (as event-time timers would).
 */
final class SiteRun {

  /** 2026-11-28T08:00:00Z. */
  static final long T0 = 1_795_852_800_000L;
  static final long SEC = 1000L;
  static final long MIN = 60 * SEC;
  static final String SITE = "hill-a";

  final NoiseControl control;
  final SiteNotifyState state = new SiteNotifyState();
  final List<Silence> silences = new ArrayList<>();
  final List<Notification> out = new ArrayList<>();

  SiteRun(NotifyOptions options) {
    control = new NoiseControl(options);
  }

  SiteRun() {
    this(NotifyOptions.defaults());
  }

  SiteRun event(AlertEvent e) {
    advanceTo(e.updatedAtMs() - 1); // the watermark trails the event
    control.onEvent(state, e, silences, out::add);
    return this;
  }

  AckDecision ack(Ack a) {
    return control.onAck(state, a, silences, out::add);
  }

  SiteRun advanceTo(long watermark) {
    long due = control.nextDueMs(state);
    while (due != AlertTrack.UNSET && due <= watermark) {
      control.onTime(state, due, silences, out::add);
      long next = control.nextDueMs(state);
      if (next == due) {
        throw new AssertionError("onTime(" + due + ") left work due at the same time");
      }
      due = next;
    }
    return this;
  }

  /** A transition of {@code rule} on sensor {@code sensor} (kind rain) at {@code t}; the alert opened at {@code start}. */
  static AlertEvent ev(String rule, String sensor, AlertState state, Level level, Level previous, long start, long t) {
    String subject = SITE + "/rain/" + sensor;
    return new AlertEvent("alt_" + rule + "_" + sensor + "_" + start, rule, SITE, subject, level, previous, state,
        level == Level.NONE ? 5.0 : 31.5, 30.0, start, t, rule + " " + state.wireName() + " on " + subject);
  }

  static AlertEvent opened(String rule, String sensor, Level level, long t) {
    return ev(rule, sensor, AlertState.OPENED, level, Level.NONE, t, t);
  }

  static AlertEvent resolved(String rule, String sensor, Level previous, long start, long t) {
    return ev(rule, sensor, AlertState.RESOLVED, Level.NONE, previous, start, t);
  }
}
