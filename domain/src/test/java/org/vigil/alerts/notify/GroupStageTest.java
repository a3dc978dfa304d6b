package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.notify.SiteRun.SEC;
import static org.vigil.alerts.notify.SiteRun.T0;
import static org.vigil.alerts.notify.SiteRun.ev;
import static org.vigil.alerts.notify.SiteRun.opened;
import static org.vigil.alerts.notify.Stages.decision;
import static org.vigil.alerts.notify.Stages.track;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Notification.Kind;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** {@link GroupStage} alone: window 30 s, at most 2 min, red at once. */
class GroupStageTest {

  private final GroupStage stage = new GroupStage(NotifyOptions.defaults());
  private final SiteNotifyState site = new SiteNotifyState();
  private final List<Notification> out = new ArrayList<>();

  private NotifyDecision notify(AlertEvent e) {
    NotifyDecision d = stage.apply(site, decision(e, track(e)));
    out.addAll(d.sent());
    return d;
  }

  @Test
  void transitionsWithinTheWindowAreOneGroupWithTheHighestLevel() {
    AlertEvent a = opened("rain-1h", "rg-1", Level.YELLOW, T0);
    AlertEvent b = opened("rain-1h", "rg-2", Level.ORANGE, T0 + 20 * SEC);
    notify(a);
    notify(b);
    assertThat(out).isEmpty();
    assertThat(stage.dueMs(site)).isEqualTo(T0 + 50 * SEC); // 20 s + 30 s, before the 2 min bound
    stage.flushDue(site, T0 + 49 * SEC, out::add);
    assertThat(out).isEmpty();
    stage.flushDue(site, T0 + 50 * SEC, out::add);
    assertThat(out).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.GROUP);
      assertThat(n.level()).isEqualTo(Level.ORANGE);
      assertThat(n.members()).containsExactly(a, b);
      assertThat(n.createdAtMs()).isEqualTo(T0 + 50 * SEC);
      assertThat(n.message()).isEqualTo("2 alert changes at hill-a, highest level orange");
    });
    assertThat(site.groupMembers).isEmpty();
  }

  @Test
  void aGroupClosesAtItsMaximumWaitAndALoneMemberIsThePlainEvent() {
    for (int i = 0; i < 5; i++) { // every 25 s from 0 to 100 s: the window never closes, the 2 min bound does
      notify(opened("rain-1h", "rg-" + i, Level.YELLOW, T0 + i * 25 * SEC));
    }
    assertThat(stage.dueMs(site)).isEqualTo(T0 + 120 * SEC);
    AlertEvent late = opened("rain-1h", "rg-9", Level.YELLOW, T0 + 121 * SEC);
    notify(late); // device time past the due group: it is sent first
    assertThat(out).singleElement().satisfies(n -> assertThat(n.members()).hasSize(5));
    stage.flushNow(site, out::add);
    assertThat(out.get(1).kind()).isEqualTo(Kind.ALERT);
    assertThat(out.get(1).id()).isEqualTo(late.eventId());
  }

  @Test
  void redGoesOutAtOnceButARedAcknowledgementIsGrouped() {
    AlertEvent red = opened("rain-1h", "rg-1", Level.RED, T0);
    NotifyDecision d = notify(red);
    assertThat(d.sent()).containsExactly(Notification.single(red));
    assertThat(d.track().notifiedEventId).isEqualTo(red.eventId());
    AlertEvent ack = ev("rain-1h", "rg-1", AlertState.ACKNOWLEDGED, Level.RED, Level.RED, T0, T0 + SEC);
    NotifyDecision a = stage.apply(site, new NotifyDecision(ack, track(red), T0 + SEC, false, true, List.of()));
    assertThat(a.sent()).isEmpty();
    assertThat(site.groupMembers).hasSize(1);
  }

  @Test
  void theSameTransitionTwiceIsOneMember() {
    AlertEvent a = opened("rain-1h", "rg-1", Level.YELLOW, T0);
    notify(a);
    notify(a);
    assertThat(site.groupMembers).hasSize(1);
  }

  @Test
  void flappingTakesTheAlertsWaitingMembersAndSettledGoesOutAtOnce() {
    AlertEvent first = opened("rain-1h", "rg-1", Level.YELLOW, T0);
    AlertEvent other = opened("rain-1h", "rg-2", Level.YELLOW, T0 + SEC);
    notify(first);
    notify(other);
    AlertEvent flap = ev("rain-1h", "rg-1", AlertState.RESOLVED, Level.NONE, Level.YELLOW, T0, T0 + 2 * SEC);
    AlertTrack t = track(flap);
    NotifyDecision d = stage.apply(site, decision(flap, t).flapping("rain-1h on hill-a/rain/rg-1 is flapping"));
    assertThat(d.sent()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.FLAPPING);
      assertThat(n.members()).containsExactly(first, flap);
      assertThat(n.message()).isEqualTo("rain-1h on hill-a/rain/rg-1 is flapping");
    });
    assertThat(site.groupMembers).extracting(m -> m.subject).containsExactly("hill-a/rain/rg-2");

    t.held = true;
    NotifyDecision s = stage.apply(site, new NotifyDecision(flap, t, T0 + 30 * 60 * SEC, true, false, List.of())
        .settled("settled"));
    assertThat(s.sent()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.SETTLED);
      assertThat(n.createdAtMs()).isEqualTo(T0 + 30 * 60 * SEC);
    });
    assertThat(t.held).isFalse();
  }

  @Test
  void aChangeOfAFlappingAlertIsRememberedAsHeld() {
    AlertEvent e = opened("rain-1h", "rg-1", Level.YELLOW, T0);
    AlertTrack t = track(e);
    NotifyDecision d = stage.apply(site, decision(e, t).heldWhileFlapping());
    assertThat(d.sent()).isEmpty();
    assertThat(site.groupMembers).isEmpty();
    assertThat(t.held).isTrue();
  }
}
