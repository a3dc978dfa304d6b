package org.vigil.alerts.notify;

import static org.vigil.alerts.notify.AlertTrack.UNSET;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;

/**
 * Grouping, the last stage: carries out the decision. What is to be notified is collected per site; the group closes
 * {@link NotifyOptions#groupWindow()} after its newest member or {@link NotifyOptions#groupMaxWait()} after its first,
 * whichever comes first ({@link #flushDue}), and becomes one {@code group} notification (a lone member is sent as the
 * plain alert event). Transitions at or above {@link NotifyOptions#immediateLevel()} (red) are not grouped: each is
 * sent at once, ahead of its site's group, and so are referrals of unacknowledged alerts up the region tree. A {@code flapping} notification takes over the alert's members still
 * waiting in the group; a {@code settled} one is sent at once.
 */
public final class GroupStage implements NotifyStage {

  static final Comparator<AlertEvent> ORDER = Comparator.comparingLong(AlertEvent::updatedAtMs)
      .thenComparing(AlertEvent::rule).thenComparing(AlertEvent::subject).thenComparing(AlertEvent::state);

  private final NotifyOptions options;

  public GroupStage(NotifyOptions options) {
    this.options = options;
  }

  @Override
  public NotifyDecision apply(SiteNotifyState s, NotifyDecision d) {
    AlertEvent e = d.event();
    AlertTrack t = d.track();
    switch (d.outcome()) {
      case HELD -> { } // held by its muting stage
      case HELD_WHILE_FLAPPING -> t.held = true;
      case FLAPPING -> {
        String key = NoiseControl.key(e.rule(), e.subject());
        List<AlertEvent> members = removeFromGroup(s, key);
        members.add(e);
        d.send(notification(Notification.Kind.FLAPPING, members, d.atMs(), NotificationIds.of("flapping",
            e.site(), key, Long.toString(d.atMs())), d.message()));
        NotifyDecision.markNotified(t, e);
      }
      case SETTLED -> {
        String key = NoiseControl.key(t.rule, t.subject);
        d.send(notification(Notification.Kind.SETTLED, List.of(e), d.atMs(),
            NotificationIds.of("settled", e.site(), key, Long.toString(d.atMs())), d.message()));
        t.held = false;
        t.heldUntilMs = UNSET;
        NotifyDecision.markNotified(t, e);
      }
      case NOTIFY -> {
        if (!d.acknowledgement() && (options.immediate(e.notifyLevel())
            || e.state() == org.vigil.core.AlertState.REFERRED)) {
          d.send(Notification.single(e)); // red, and every referral up the region tree: at once, ahead of the group
        } else {
          add(s, e, d.atMs(), d::send);
        }
        if (d.change()) {
          NotifyDecision.markNotified(t, e);
        }
      }
      default -> throw new IllegalStateException("unknown outcome " + d.outcome());
    }
    return d;
  }

  /** Device time the open group is due; UNSET when none is open. */
  public long dueMs(SiteNotifyState s) {
    return s.groupDueMs(options);
  }

  /** Sends the open group if device time {@code nowMs} has reached its close. */
  public void flushDue(SiteNotifyState s, long nowMs, Consumer<Notification> out) {
    long due = s.groupDueMs(options);
    if (due != UNSET && due <= nowMs) {
      flush(s, out);
    }
  }

  /** Sends the open group now, stamped with its due time; nothing when none is open. */
  public void flushNow(SiteNotifyState s, Consumer<Notification> out) {
    if (!s.groupMembers.isEmpty()) {
      flush(s, out);
    }
  }

  /** Adds a transition to the site's group at device time {@code at}; a group already due is sent first. */
  public void add(SiteNotifyState s, AlertEvent e, long at, Consumer<Notification> out) {
    long due = s.groupDueMs(options);
    if (due != UNSET && at > due) {
      flush(s, out); // device time says the open group is over, whether or not the watermark has said so
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
      boolean mine = NoiseControl.key(m.rule, m.subject).equals(key);
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

  private void flush(SiteNotifyState s, Consumer<Notification> out) {
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
}
