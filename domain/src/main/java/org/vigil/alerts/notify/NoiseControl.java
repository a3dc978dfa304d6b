package org.vigil.alerts.notify;

import static org.vigil.alerts.notify.AlertTrack.UNSET;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * Turns one site's alert transitions into the notifications people are sent, deterministically in device time:
 *
 * <ul>
 *   <li><b>Silences</b>: a transition a {@link Silence} in force at its device time matches is held (not notified).
 *   <li><b>Inhibition</b>: while an alert of an inhibiting rule ({@link NotifyOptions#inhibitingRules()}, the deadman
 *       rules) is open on a sensor, that sensor's other transitions are held. The inhibiting alert itself is notified.
 *   <li>When a silence ends or the inhibiting alert resolves, each alert it held is sent once in its current state if
 *       consumers would otherwise be wrong about it: it is still open, or it resolved after they were told it opened.
 *       An alert that opened and resolved entirely inside a silence is not sent (it is still stored and published).
 *   <li><b>Flapping</b>: when an alert (rule + subject) reverses direction (up: opened, escalated; down:
 *       de-escalated, resolved; its first change counts as one) {@link NotifyOptions#flapChanges()} times within
 *       {@link NotifyOptions#flapWindow()}, one {@code flapping} notification is sent (it also takes over that
 *       alert's transitions still waiting in the group), its later transitions are held, and when it has gone
 *       {@link NotifyOptions#flapSettle()} without a change one {@code settled} notification gives its final state.
 *       The changes before the threshold is reached are notified normally: flapping cannot be known in advance.
 *   <li><b>Grouping</b>: what is to be sent is collected per site; the group closes {@link NotifyOptions#groupWindow()}
 *       after its newest member or {@link NotifyOptions#groupMaxWait()} after its first, whichever comes first, and
 *       becomes one notification (a lone member is sent as the plain alert event). Transitions at or above
 *       {@link NotifyOptions#immediateLevel()} (red) are not grouped: each is sent at once.
 *   <li><b>Acknowledgement</b>: {@link #onAck} turns an {@link Ack} of an open alert into an {@code acknowledged}
 *       transition (same id and level), which is notified like others (not counted as a change for flapping).
 * </ul>
 *
 * <p>The caller keeps a {@link SiteNotifyState} per site, calls {@link #onEvent}, {@link #onAck} and, when device
 * time (the watermark) passes {@link #nextDueMs}, {@link #onTime}. Auto-resolving a quiet alert belongs to the rule
 * engine (its deadman condition and keep-firing period see the readings; this class sees only transitions).
 */
public final class NoiseControl implements Serializable {

  private static final Comparator<AlertEvent> ORDER = Comparator.comparingLong(AlertEvent::updatedAtMs)
      .thenComparing(AlertEvent::rule).thenComparing(AlertEvent::subject).thenComparing(AlertEvent::state);

  private final NotifyOptions options;

  public NoiseControl(NotifyOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public NotifyOptions options() {
    return options;
  }

  /** Why a transition is held: a silence (until its end) or an inhibiting alert (until it resolves). */
  private record Mute(String reason, long untilMs) {}

  /** A transition from the rule engine. */
  public void onEvent(SiteNotifyState s, AlertEvent e, Collection<Silence> silences, Consumer<Notification> out) {
    long now = e.updatedAtMs();
    String key = key(e.rule(), e.subject());
    AlertTrack t = s.tracks.computeIfAbsent(key, k -> newTrack(e));
    if (t.last != null && t.last.toEvent().eventId().equals(e.eventId())) {
      return; // the same transition again (a replayed duplicate): neither a change nor news
    }
    boolean change = e.state() != AlertState.ACKNOWLEDGED;
    if (t.flapping && t.lastChangeMs + options.flapSettle().toMillis() <= now) {
      settle(s, t, silences, out); // quiet long enough before this change, even if the watermark has not said so
    }
    if (change) {
      t.last = EventSnapshot.of(e);
      if (e.state() == AlertState.OPENED || e.state() == AlertState.ESCALATED) {
        t.ackedBy = null;
        t.ackedAtMs = UNSET;
      }
    }
    boolean startsFlapping = change && countChange(t, e.state(), now);
    Mute mute = muteOf(s, e, now, silences);
    if (mute != null) {
      if (change) {
        hold(t, mute);
      }
    } else if (startsFlapping) {
      List<AlertEvent> members = removeFromGroup(s, key);
      members.add(e);
      out.accept(notification(Notification.Kind.FLAPPING, members, now, NotificationIds.of("flapping",
          e.site(), key, Long.toString(now)), e.rule() + " on " + e.subject() + " is flapping: "
          + t.changeTimesMs.length + " state changes up and down within " + human(options.flapWindow()) + "; its notifications are"
          + " held until it has been quiet for " + human(options.flapSettle())));
      markNotified(t, e);
    } else if (t.flapping && change) {
      t.held = true;
    } else {
      if (options.immediate(e.notifyLevel())) {
        out.accept(Notification.single(e)); // red: at once, ahead of the group
      } else {
        addToGroup(s, e, now, out);
      }
      if (change) {
        markNotified(t, e);
      }
    }
    if (e.state() == AlertState.RESOLVED && options.inhibitingRules().contains(e.rule())) {
      release(s, now, silences, out);
    }
  }

  /** An operator's acknowledgement; returns the acknowledged transition, or the reason it is refused. */
  public AckDecision onAck(SiteNotifyState s, Ack ack, Collection<Silence> silences, Consumer<Notification> out) {
    AlertTrack t = null;
    for (AlertTrack c : s.tracks.values()) {
      if (c.last != null && c.last.id.equals(ack.alertId())) {
        t = c;
      }
    }
    if (t == null) {
      return AckDecision.refused(ack, "no alert " + ack.alertId() + " is known at site " + ack.site()
          + " (unknown, long resolved, or superseded by a newer alert of the same rule and sensor)");
    }
    if (!t.open()) {
      return AckDecision.refused(ack, "alert " + ack.alertId() + " was resolved at "
          + AlertJson.isoTime(t.last.updatedAtMs) + "; only open alerts can be acknowledged");
    }
    if (t.ackedBy != null) {
      return AckDecision.refused(ack, "alert " + ack.alertId() + " is already acknowledged by " + t.ackedBy + " at "
          + AlertJson.isoTime(t.ackedAtMs));
    }
    AlertEvent last = t.last.toEvent();
    AlertEvent acked = new AlertEvent(last.id(), last.rule(), last.site(), last.subject(), last.level(), last.level(),
        AlertState.ACKNOWLEDGED, last.value(), last.threshold(), last.startedAtMs(), ack.atMs(),
        "acknowledged by " + ack.by() + (ack.comment().isBlank() ? "" : ": " + ack.comment()), last.details(),
        last.forecastFailureAtMs());
    t.ackedBy = ack.by();
    t.ackedAtMs = ack.atMs();
    if (muteOf(s, acked, ack.atMs(), silences) == null) {
      addToGroup(s, acked, ack.atMs(), out);
    }
    return AckDecision.accepted(ack, acked);
  }

  /** Device time has reached {@code nowMs}: sends due groups, settles quiet flapping alerts, releases held ones. */
  public void onTime(SiteNotifyState s, long nowMs, Collection<Silence> silences, Consumer<Notification> out) {
    long due = s.groupDueMs(options);
    if (due != UNSET && due <= nowMs) {
      flushGroup(s, out);
    }
    for (AlertTrack t : sorted(s)) {
      if (t.flapping && t.lastChangeMs + options.flapSettle().toMillis() <= nowMs) {
        settle(s, t, silences, out);
      }
    }
    release(s, nowMs, silences, out);
    prune(s, nowMs);
  }

  /**
   * Sends the open group now, whatever device time says: the wall-clock bound ({@link NotifyOptions#groupWallWait()})
   * of a group whose close event time has not reached yet. Its notification is stamped with the group's due time as
   * usual.
   */
  public void flushNow(SiteNotifyState s, Consumer<Notification> out) {
    if (!s.groupMembers.isEmpty()) {
      flushGroup(s, out);
    }
  }

  /** The earliest device time {@link #onTime} has work to do; {@link AlertTrack#UNSET} when none. */
  public long nextDueMs(SiteNotifyState s) {
    long next = s.groupDueMs(options);
    for (AlertTrack t : s.tracks.values()) {
      if (t.flapping) {
        next = earliest(next, t.lastChangeMs + options.flapSettle().toMillis());
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

  private static long earliest(long a, long b) {
    return a == UNSET ? b : Math.min(a, b);
  }

  private static AlertTrack newTrack(AlertEvent e) {
    AlertTrack t = new AlertTrack();
    t.rule = e.rule();
    t.subject = e.subject();
    return t;
  }

  /**
   * Records a state change; true when it makes the alert start flapping. Only reversals count (the first change, then
   * every change whose direction differs from the one before: up after down or down after up), so an alert rising
   * level by level and later falling level by level is not flapping, while one crossing a threshold back and forth is.
   */
  private boolean countChange(AlertTrack t, AlertState state, long now) {
    int direction = state == AlertState.OPENED || state == AlertState.ESCALATED ? 1 : -1;
    boolean reversal = direction != t.lastDirection;
    t.lastDirection = direction;
    t.lastChangeMs = t.lastChangeMs == UNSET ? now : Math.max(t.lastChangeMs, now);
    if (!reversal) {
      return false;
    }
    long window = options.flapWindow().toMillis();
    long[] kept = Arrays.stream(t.changeTimesMs).filter(x -> now - x < window).toArray();
    t.changeTimesMs = Arrays.copyOf(kept, kept.length + 1);
    t.changeTimesMs[kept.length] = now;
    if (!t.flapping && t.changeTimesMs.length >= options.flapChanges()) {
      t.flapping = true;
      t.flapStartedAtMs = now;
      return true;
    }
    return false;
  }

  private void settle(SiteNotifyState s, AlertTrack t, Collection<Silence> silences, Consumer<Notification> out) {
    long at = t.lastChangeMs + options.flapSettle().toMillis();
    t.flapping = false;
    t.flapStartedAtMs = UNSET;
    t.changeTimesMs = new long[0];
    AlertEvent last = t.last.toEvent();
    Mute mute = muteOf(s, last, at, silences);
    if (mute != null) {
      hold(t, mute);
      return;
    }
    String key = key(t.rule, t.subject);
    out.accept(notification(Notification.Kind.SETTLED, List.of(last), at,
        NotificationIds.of("settled", last.site(), key, Long.toString(at)), last.rule() + " on " + last.subject()
            + " has settled after flapping: now " + (last.state() == AlertState.RESOLVED ? "resolved"
            : last.state().wireName() + " at " + last.level().wireName())));
    t.held = false;
    t.heldUntilMs = UNSET;
    markNotified(t, last);
  }

  private void release(SiteNotifyState s, long now, Collection<Silence> silences, Consumer<Notification> out) {
    for (AlertTrack t : sorted(s)) {
      if (!t.held || t.flapping) {
        continue;
      }
      AlertEvent last = t.last.toEvent();
      Mute mute = muteOf(s, last, now, silences);
      if (mute != null) {
        t.heldUntilMs = mute.untilMs();
        continue;
      }
      t.held = false;
      t.heldUntilMs = UNSET;
      boolean consumersBelieveOpen = last.id().equals(t.notifiedAlertId) && !t.notifiedResolved;
      if (!last.eventId().equals(t.notifiedEventId) && (t.open() || consumersBelieveOpen)) {
        addToGroup(s, last, now, out);
        markNotified(t, last);
      }
    }
  }

  private Mute muteOf(SiteNotifyState s, AlertEvent e, long at, Collection<Silence> silences) {
    Silence muting = null;
    for (Silence silence : silences) {
      if (silence.mutes(e, at) && (muting == null || silence.id().compareTo(muting.id()) < 0)) {
        muting = silence;
      }
    }
    if (muting != null) {
      return new Mute("silence " + muting.id(), muting.endsAtMs());
    }
    if (!options.inhibitingRules().contains(e.rule())) {
      for (AlertTrack t : s.tracks.values()) {
        if (t.subject.equals(e.subject()) && options.inhibitingRules().contains(t.rule) && t.open()) {
          return new Mute("inhibited by " + t.rule, UNSET);
        }
      }
    }
    return null;
  }

  private static void hold(AlertTrack t, Mute mute) {
    t.held = true;
    t.heldUntilMs = mute.untilMs() == UNSET ? UNSET : Math.max(t.heldUntilMs, mute.untilMs());
  }

  private static void markNotified(AlertTrack t, AlertEvent e) {
    t.notifiedAlertId = e.id();
    t.notifiedEventId = e.eventId();
    t.notifiedResolved = e.state() == AlertState.RESOLVED;
  }

  private void addToGroup(SiteNotifyState s, AlertEvent e, long at, Consumer<Notification> out) {
    long due = s.groupDueMs(options);
    if (due != UNSET && at > due) {
      flushGroup(s, out); // device time says the open group is over, whether or not the watermark has said so
    }
    for (EventSnapshot m : s.groupMembers) {
      // The same transition again (a replayed duplicate): same alert, state and device time, i.e. the same eventId.
      // Compared field by field: materialising every member as an event made a storm's group quadratic in allocations
      // (a profiled storm: a site group of a few thousand transitions).
      if (m.updatedAtMs == e.updatedAtMs() && m.state == e.state() && m.id.equals(e.id())) {
        return;
      }
    }
    if (s.groupMembers.isEmpty()) {
      s.groupFirstAtMs = at;
      s.groupLastAtMs = at;
    } else {
      s.groupLastAtMs = Math.max(s.groupLastAtMs, at);
    }
    s.groupMembers.add(EventSnapshot.of(e));
  }

  private static List<AlertEvent> removeFromGroup(SiteNotifyState s, String key) {
    List<AlertEvent> removed = new ArrayList<>();
    s.groupMembers.removeIf(m -> {
      boolean mine = key(m.rule, m.subject).equals(key);
      if (mine) {
        removed.add(m.toEvent());
      }
      return mine;
    });
    if (s.groupMembers.isEmpty()) {
      s.groupFirstAtMs = UNSET;
      s.groupLastAtMs = UNSET;
    }
    return removed;
  }

  private void flushGroup(SiteNotifyState s, Consumer<Notification> out) {
    long at = s.groupDueMs(options);
    List<AlertEvent> members = new ArrayList<>();
    s.groupMembers.forEach(m -> members.add(m.toEvent()));
    s.groupMembers = new ArrayList<>();
    s.groupFirstAtMs = UNSET;
    s.groupLastAtMs = UNSET;
    if (members.size() == 1) {
      AlertEvent e = members.get(0);
      out.accept(new Notification(e.eventId(), e.site(), e.notifyLevel(), Notification.Kind.ALERT, members, at,
          e.message()));
      return;
    }
    members.sort(ORDER);
    List<String> ids = members.stream().map(AlertEvent::eventId).toList();
    String site = members.get(0).site();
    Notification n = notification(Notification.Kind.GROUP, members, at,
        NotificationIds.of("group", site, String.join(",", ids)), "");
    out.accept(new Notification(n.id(), n.site(), n.level(), n.kind(), n.members(), at,
        members.size() + " alert changes at " + site + ", highest level " + n.level().wireName()));
  }

  private static Notification notification(Notification.Kind kind, List<AlertEvent> members, long at, String id,
      String message) {
    List<AlertEvent> sortedMembers = new ArrayList<>(members);
    sortedMembers.sort(ORDER);
    Level level = Level.NONE;
    for (AlertEvent m : sortedMembers) {
      if (m.notifyLevel().isAbove(level)) {
        level = m.notifyLevel();
      }
    }
    return new Notification(id, sortedMembers.get(0).site(), level, kind, sortedMembers, at, message);
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
