package org.vigil.alerts.notify;

import static org.vigil.alerts.notify.AlertTrack.UNSET;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.vigil.core.AlertEvent;

/**
 * Turns one site's alert transitions into the notifications people are sent, deterministically in device time, as a
 * pipeline of stages, each a {@link NotifyStage} that takes the decision about a transition and returns it:
 *
 * <ol>
 *   <li>{@link AcknowledgeStage}: an escalation re-arms an acknowledgement; {@link #onAck} makes an operator's
 *       acknowledgement an {@code acknowledged} transition that passes the stages like the others.
 *   <li>{@link FlapStage}: an alert changing direction too often within the flap window is sent once as
 *       {@code flapping}, then held until it settles ({@code settled}).
 *   <li>{@link SilenceStage}: a transition a silence in force matches is held until the silence ends.
 *   <li>{@link InhibitStage}: a sensor's transitions are held while an inhibiting (deadman) alert is open on it.
 *   <li>{@link GroupStage}: what is left to send is grouped per site (red and referrals at once) and sent.
 * </ol>
 *
 * <p>Besides the stages, {@link #refer} makes the referrals of alerts nobody acknowledged in time ({@link
 * Referrals}), on the wall clock; they pass the stages like acknowledgements.
 *
 * <p>This class keeps each alert's track (its newest transition; a replayed duplicate is dropped before the stages),
 * and when a silence ends or an inhibiting alert resolves it sends each alert the muting stages held once in its
 * current state, if consumers would otherwise be wrong about it: it is still open, or it resolved after they were
 * told it opened. An alert that opened and resolved entirely inside a silence is not sent (it is still stored and
 * published).
 *
 * <p>The caller keeps a {@link SiteNotifyState} per site, calls {@link #onEvent}, {@link #onAck} and, when device
 * time (the watermark) passes {@link #nextDueMs}, {@link #onTime}. Auto-resolving a quiet alert belongs to the rule
 * engine (its deadman condition and keep-firing period see the readings; this class sees only transitions).
 */
public final class NoiseControl implements Serializable {

  private final NotifyOptions options;
  private final AcknowledgeStage acknowledge;
  private final FlapStage flap;
  private final InhibitStage inhibit;
  private final GroupStage group;
  private final List<NotifyStage> stages;
  private final List<MuteStage> mutes;

  public NoiseControl(NotifyOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.acknowledge = new AcknowledgeStage();
    this.flap = new FlapStage(options.flapChanges(), options.flapWindow(), options.flapSettle());
    SilenceStage silence = new SilenceStage();
    this.inhibit = new InhibitStage(options.inhibitingRules());
    this.group = new GroupStage(options);
    this.stages = List.of(acknowledge, flap, silence, inhibit, group);
    this.mutes = List.of(silence, inhibit);
  }

  public NotifyOptions options() {
    return options;
  }

  /** The stages, in the order a transition passes them. */
  public List<NotifyStage> stages() {
    return stages;
  }

  /** A transition from the rule engine; its device time stands for the wall clock ({@link Referrals}). */
  public void onEvent(SiteNotifyState s, AlertEvent e, Collection<Silence> silences, Consumer<Notification> out) {
    onEvent(s, e, silences, out, e.updatedAtMs());
  }

  /**
   * A transition from the rule engine, taken at wall time {@code wallMs}: an opening starts the wait for its
   * acknowledgement ({@link Referrals}).
   */
  public void onEvent(SiteNotifyState s, AlertEvent e, Collection<Silence> silences, Consumer<Notification> out,
      long wallMs) {
    long now = e.updatedAtMs();
    AlertTrack t = s.tracks.computeIfAbsent(key(e.rule(), e.subject()), k -> newTrack(e));
    if (t.last != null && t.last.toEvent().eventId().equals(e.eventId())) {
      return; // the same transition again (a replayed duplicate): neither a change nor news
    }
    if (flap.settledBy(t, now)) {
      afterFlap(s, flap.settle(t, silences), out); // quiet long enough before this change, whatever the watermark
    }
    NotifyDecision d = NotifyDecision.of(e, t, silences);
    if (d.change()) {
      t.last = EventSnapshot.of(e);
    }
    run(s, d, 0, out);
    if (d.change()) {
      Referrals.onChange(t, e, wallMs);
    }
    if (inhibit.releases(e)) {
      release(s, now, silences, out);
    }
  }

  /** An operator's acknowledgement; returns the acknowledged transition, or the reason it is refused. */
  public AckDecision onAck(SiteNotifyState s, Ack ack, Collection<Silence> silences, Consumer<Notification> out) {
    AckDecision a = acknowledge.acknowledge(s, ack);
    if (a.isAccepted()) {
      AlertTrack t = AcknowledgeStage.trackOf(s, ack.alertId());
      Referrals.onAck(t);
      run(s, new NotifyDecision(a.event(), t, ack.atMs(), false, true, silences), 0, out);
    }
    return a;
  }

  /** Device time has reached {@code nowMs}: sends due groups, settles quiet flapping alerts, releases held ones. */
  public void onTime(SiteNotifyState s, long nowMs, Collection<Silence> silences, Consumer<Notification> out) {
    group.flushDue(s, nowMs, out);
    for (AlertTrack t : sorted(s)) {
      if (flap.settledBy(t, nowMs)) {
        afterFlap(s, flap.settle(t, silences), out);
      }
    }
    release(s, nowMs, silences, out);
    prune(s, nowMs);
  }

  /**
   * Wall time {@code wallMs} has come: refers every alert whose wait for an acknowledgement has run out under
   * {@code policy} ({@link Referrals}), in track order. Each referral goes to {@code referred} (for the history and
   * the live feed) and passes the stages like any transition; it is sent at once, not grouped.
   *
   * @param registry the registry in force, or null (referrals without regions)
   */
  public void refer(SiteNotifyState s, org.vigil.alerts.rules.EscalationPolicy policy,
      org.vigil.registry.Registry registry, long wallMs, Collection<Silence> silences, Consumer<Notification> out,
      Consumer<AlertEvent> referred) {
    for (AlertTrack t : sorted(s)) {
      AlertEvent e = Referrals.refer(t, policy, registry, wallMs);
      if (e != null) {
        referred.accept(e);
        run(s, new NotifyDecision(e, t, e.updatedAtMs(), false, false, silences), 0, out);
      }
    }
  }

  /** The earliest wall time {@link #refer} has work to do under {@code policy}; {@link AlertTrack#UNSET} when none. */
  public long nextReferralMs(SiteNotifyState s, org.vigil.alerts.rules.EscalationPolicy policy) {
    long next = UNSET;
    if (policy == null || policy.isEmpty()) {
      return next;
    }
    for (AlertTrack t : s.tracks.values()) {
      long due = Referrals.dueMs(t, policy);
      if (due != UNSET) {
        next = earliest(next, due);
      }
    }
    return next;
  }

  /**
   * Sends the open group now, whatever device time says: the wall-clock bound ({@link NotifyOptions#groupWallWait()})
   * of a group whose close event time has not reached yet. Its notification is stamped with the group's due time as
   * usual.
   */
  public void flushNow(SiteNotifyState s, Consumer<Notification> out) {
    group.flushNow(s, out);
  }

  /** The earliest device time {@link #onTime} has work to do; {@link AlertTrack#UNSET} when none. */
  public long nextDueMs(SiteNotifyState s) {
    long next = group.dueMs(s);
    for (AlertTrack t : s.tracks.values()) {
      if (t.flapping) {
        next = earliest(next, flap.settlesAtMs(t));
      }
      if (t.held && t.heldUntilMs != UNSET) {
        next = earliest(next, t.heldUntilMs);
      }
      if (!t.open() && !t.flapping && !t.held && t.lastChangeMs != UNSET) {
        next = earliest(next, t.lastChangeMs + options.flapWindow().toMillis()); // prune
      }
    }
    return next;
  }

  /** {@code rule|subject}, the key of an alert's track. */
  public static String key(String rule, String subject) {
    return rule + "|" + subject;
  }

  /** {@code 1h}, {@code 30m}, {@code 30s} or {@code 250ms}, as durations are written in the settings. */
  static String human(java.time.Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** Passes a decision through the stages from {@code first} on and sends what they sent. */
  private void run(SiteNotifyState s, NotifyDecision d, int first, Consumer<Notification> out) {
    for (int i = first; i < stages.size(); i++) {
      d = stages.get(i).apply(s, d);
    }
    d.sent().forEach(out);
  }

  /** A decision made by the flap stage itself (settling) passes the stages after it. */
  private void afterFlap(SiteNotifyState s, NotifyDecision d, Consumer<Notification> out) {
    run(s, d, stages.indexOf(flap) + 1, out);
  }

  /** What holds {@code e} back at {@code at}, asking the muting stages in order; null when nothing does. */
  private NotifyDecision.Mute muteOf(SiteNotifyState s, AlertEvent e, long at, Collection<Silence> silences) {
    for (MuteStage m : mutes) {
      NotifyDecision.Mute mute = m.muteOf(s, e, at, silences);
      if (mute != null) {
        return mute;
      }
    }
    return null;
  }

  private void release(SiteNotifyState s, long now, Collection<Silence> silences, Consumer<Notification> out) {
    for (AlertTrack t : sorted(s)) {
      if (!t.held || t.flapping) {
        continue;
      }
      AlertEvent last = t.last.toEvent();
      NotifyDecision.Mute mute = muteOf(s, last, now, silences);
      if (mute != null) {
        t.heldUntilMs = mute.untilMs();
        continue;
      }
      t.held = false;
      t.heldUntilMs = UNSET;
      boolean consumersBelieveOpen = last.id().equals(t.notifiedAlertId) && !t.notifiedResolved;
      if (!last.eventId().equals(t.notifiedEventId) && (t.open() || consumersBelieveOpen)) {
        group.add(s, last, now, out);
        NotifyDecision.markNotified(t, last);
      }
    }
  }

  private static long earliest(long a, long b) {
    return a == UNSET ? b : Math.min(a, b);
  }

  private static AlertTrack newTrack(AlertEvent e) {
    AlertTrack t = new AlertTrack();
    t.rule = e.rule();
    t.subject = e.subject();
    return t;
  }

  /** Tracks in key order, so that what several of them send comes out in the same order on every run. */
  private static List<AlertTrack> sorted(SiteNotifyState s) {
    return new ArrayList<>(new TreeMap<>(s.tracks).values());
  }

  /** Forgets resolved alerts that are neither flapping nor held once a flap window has passed since their change. */
  private void prune(SiteNotifyState s, long now) {
    long window = options.flapWindow().toMillis();
    s.tracks.values().removeIf(t -> !t.open() && !t.flapping && !t.held && t.lastChangeMs != UNSET
        && now - t.lastChangeMs >= window);
  }
}
