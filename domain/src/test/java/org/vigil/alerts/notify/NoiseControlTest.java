package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.vigil.alerts.notify.SiteRun.MIN;
import static org.vigil.alerts.notify.SiteRun.SEC;
import static org.vigil.alerts.notify.SiteRun.T0;
import static org.vigil.alerts.notify.SiteRun.opened;
import static org.vigil.alerts.notify.SiteRun.resolved;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Notification.Kind;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** Grouping, flapping, silences, inhibition and acknowledgement, with times worked out by hand. */
class NoiseControlTest {

  @Test
  void aLoneTransitionIsSentAsThePlainAlertWhenItsGroupWindowCloses() {
    SiteRun run = new SiteRun();
    AlertEvent e = opened("rain-1h", "rg-1", Level.ORANGE, T0);
    run.event(e).advanceTo(T0 + 29 * SEC);
    assertThat(run.out).isEmpty(); // the window is 30 s
    run.advanceTo(T0 + 30 * SEC);
    assertThat(run.out).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.ALERT);
      assertThat(n.id()).isEqualTo(e.eventId());
      assertThat(n.eventType()).isEqualTo("alert.opened");
      assertThat(n.members()).containsExactly(e);
      assertThat(n.createdAtMs()).isEqualTo(T0 + 30 * SEC);
    });
  }

  @Test
  void aStormAcrossTwentyGaugesIsOneNotificationWithTheHighestLevel() {
    SiteRun run = new SiteRun();
    for (int i = 0; i < 20; i++) { // one every 2 s: the last at 38 s, the group closes at 38 + 30 = 68 s
      // orange at most: a red transition would go out at once (aRedTransitionGoesOutAtOnceAheadOfItsGroup)
      run.event(opened("rain-1h", "rg-" + i, i == 7 ? Level.ORANGE : Level.YELLOW, T0 + i * 2 * SEC));
    }
    run.advanceTo(T0 + 67 * SEC);
    assertThat(run.out).isEmpty();
    run.advanceTo(T0 + 68 * SEC);
    assertThat(run.out).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.GROUP);
      assertThat(n.eventType()).isEqualTo("alert.group");
      assertThat(n.level()).isEqualTo(Level.ORANGE);
      assertThat(n.members()).hasSize(20);
      assertThat(n.members().get(0).subject()).isEqualTo("hill-a/rain/rg-0");
      assertThat(n.createdAtMs()).isEqualTo(T0 + 68 * SEC);
      assertThat(n.id()).startsWith("ntf_");
    });
  }

  @Test
  void aGroupIsClosedByTheMaximumWaitWhileTransitionsKeepComing() {
    SiteRun run = new SiteRun();
    for (int i = 0; i <= 15; i++) { // 0, 20, …, 300 s
      run.event(opened("rain-1h", "rg-" + i, Level.YELLOW, T0 + i * 20 * SEC));
    }
    run.advanceTo(T0 + 10 * MIN);
    // first group from 0 s closes at 0 + 120 s with 0..120 (7); the next from 140 s at 260 s with 140..260 (7);
    // the last from 280 s: 280 and 300, closing at 300 + 30 = 330 s
    assertThat(run.out).extracting(n -> n.members().size(), Notification::createdAtMs)
        .containsExactly(tuple(7, T0 + 120 * SEC), tuple(7, T0 + 260 * SEC), tuple(2, T0 + 330 * SEC));
  }

  /** Crossings every 5 s: the flapping notice takes over the three still waiting in the group. */
  @Test
  void aFastFlappingSignalSendsOneFlappingNoticeAndOneSettledSummary() {
    SiteRun run = new SiteRun();
    List<AlertEvent> crossings = flap(T0, 5 * SEC, 12); // open at 0, resolve at 5, …, resolve at 55 s
    crossings.forEach(run::event);
    run.advanceTo(T0 + 55 * SEC + 30 * MIN - 1);
    assertThat(run.out).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.FLAPPING);
      assertThat(n.createdAtMs()).isEqualTo(T0 + 15 * SEC); // the 4th change
      assertThat(n.members()).containsExactlyElementsOf(crossings.subList(0, 4));
      assertThat(n.message()).contains("4 state changes up and down within 1h").contains("quiet for 30m");
    });
    run.advanceTo(T0 + 55 * SEC + 30 * MIN);
    assertThat(run.out).hasSize(2);
    Notification settled = run.out.get(1);
    assertThat(settled.kind()).isEqualTo(Kind.SETTLED);
    assertThat(settled.createdAtMs()).isEqualTo(T0 + 55 * SEC + 30 * MIN);
    assertThat(settled.members()).containsExactly(crossings.get(11)); // the final state: resolved
    assertThat(settled.members().get(0).state()).isEqualTo(AlertState.RESOLVED);
  }

  /**
   * A storm's alert rises blue, yellow, orange (10 min apart) and falls orange, yellow, blue, resolved (10 min apart):
   * six changes within an hour but only one reversal (the first change counts as one, the fall as the second), so it
   * is not flapping: every transition is notified, each alone (each is more than the 30 s window from the next).
   */
  @Test
  void aStormRisingAndFallingThroughTheLevelsIsNotFlapping() {
    SiteRun run = new SiteRun();
    long open = T0;
    List<AlertEvent> storm = List.of(
        SiteRun.ev("rain-1h", "rg-1", AlertState.OPENED, Level.BLUE, Level.NONE, open, T0),
        SiteRun.ev("rain-1h", "rg-1", AlertState.ESCALATED, Level.YELLOW, Level.BLUE, open, T0 + 10 * MIN),
        SiteRun.ev("rain-1h", "rg-1", AlertState.ESCALATED, Level.ORANGE, Level.YELLOW, open, T0 + 20 * MIN),
        SiteRun.ev("rain-1h", "rg-1", AlertState.DE_ESCALATED, Level.YELLOW, Level.ORANGE, open, T0 + 30 * MIN),
        SiteRun.ev("rain-1h", "rg-1", AlertState.DE_ESCALATED, Level.BLUE, Level.YELLOW, open, T0 + 40 * MIN),
        SiteRun.ev("rain-1h", "rg-1", AlertState.RESOLVED, Level.NONE, Level.BLUE, open, T0 + 50 * MIN));
    for (AlertEvent e : storm) {
      run.advanceTo(e.updatedAtMs());
      run.event(e);
    }
    run.advanceTo(T0 + 2 * 60 * MIN);
    assertThat(run.out).extracting(Notification::kind).containsOnly(Kind.ALERT);
    assertThat(run.out).flatExtracting(Notification::members).containsExactlyElementsOf(storm);
  }

  /**
   * Three gauges at one site within 20 s: the yellow and orange openings are grouped, the red one is sent at once (a
   * red alert never waits for its group to close), and the group closes 30 s after its newest member (20 s).
   */
  @Test
  void aRedTransitionGoesOutAtOnceAheadOfItsGroup() {
    SiteRun run = new SiteRun();
    AlertEvent yellow = opened("rain-1h", "rg-1", Level.YELLOW, T0);
    AlertEvent red = opened("rain-1h", "rg-2", Level.RED, T0 + 10 * SEC);
    AlertEvent orange = opened("rain-1h", "rg-3", Level.ORANGE, T0 + 20 * SEC);
    run.event(yellow).event(red);
    assertThat(run.out).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.ALERT);
      assertThat(n.members()).containsExactly(red);
      assertThat(n.id()).isEqualTo(red.eventId());
    });
    run.event(orange).advanceTo(T0 + 50 * SEC);
    assertThat(run.out).hasSize(2);
    assertThat(run.out.get(1).kind()).isEqualTo(Kind.GROUP);
    assertThat(run.out.get(1).members()).containsExactly(yellow, orange);
    assertThat(run.out.get(1).createdAtMs()).isEqualTo(T0 + 50 * SEC);
  }

  /** With immediateLevel none, the red one waits in the group like the others. */
  @Test
  void withoutAnImmediateLevelRedIsGroupedToo() {
    NotifyOptions d = NotifyOptions.defaults();
    SiteRun run = new SiteRun(new NotifyOptions(d.flapChanges(), d.flapWindow(), d.flapSettle(), d.groupWindow(),
        d.groupMaxWait(), d.inhibitingRules(), d.groupWallWait(), Level.NONE));
    run.event(opened("rain-1h", "rg-1", Level.YELLOW, T0)).event(opened("rain-1h", "rg-2", Level.RED, T0 + 10 * SEC));
    assertThat(run.out).isEmpty();
    run.advanceTo(T0 + 40 * SEC);
    assertThat(run.out).singleElement().satisfies(n -> assertThat(n.members()).hasSize(2));
  }

  /** Crossings every 5 min: the first three are sent before flapping can be known, then one notice and a summary. */
  @Test
  void aSlowFlappingSignalSendsThreeAlertsThenOneNoticeThenTheSummary() {
    SiteRun run = new SiteRun();
    List<AlertEvent> crossings = flap(T0, 5 * MIN, 12); // 0 … 55 min
    crossings.forEach(run::event);
    run.advanceTo(T0 + 4 * 60 * MIN);
    assertThat(run.out).extracting(Notification::kind, Notification::createdAtMs).containsExactly(
        tuple(Kind.ALERT, T0 + 30 * SEC),
        tuple(Kind.ALERT, T0 + 5 * MIN + 30 * SEC),
        tuple(Kind.ALERT, T0 + 10 * MIN + 30 * SEC),
        tuple(Kind.FLAPPING, T0 + 15 * MIN),
        tuple(Kind.SETTLED, T0 + 55 * MIN + 30 * MIN));
    assertThat(run.state.tracks).isEmpty(); // resolved, settled and a flap window old: forgotten
  }

  @Test
  void changesSpreadWiderThanTheFlapWindowNeverFlap() {
    SiteRun run = new SiteRun();
    flap(T0, 21 * MIN, 8).forEach(run::event); // 4 changes span 63 min > 1 h: at most 3 within any hour
    run.advanceTo(T0 + 5 * 60 * MIN);
    assertThat(run.out).hasSize(8).allMatch(n -> n.kind() == Kind.ALERT);
  }

  @Test
  void aSilenceHoldsWhatItMatchesOnlyAndSendsTheStillOpenAlertWhenItEnds() {
    SiteRun run = new SiteRun();
    run.silences.add(new Silence("maint-1", List.of("hill-a"), List.of(), List.of("rain-*"), T0, T0 + 60 * MIN,
        "ops", "gauge maintenance"));
    run.silences.add(new Silence("other-site", List.of("hill-b"), List.of(), List.of(), T0, T0 + 60 * MIN, "ops", ""));
    AlertEvent rainOpen = opened("rain-1h", "rg-1", Level.ORANGE, T0 + 10 * MIN); // silenced, still open at the end
    AlertEvent tiltOpen = opened("tilt", "ts-1", Level.YELLOW, T0 + 10 * MIN); // not a rain rule
    AlertEvent shortOpen = opened("rain-24h", "rg-2", Level.BLUE, T0 + 20 * MIN); // opens and resolves inside
    AlertEvent shortResolve = resolved("rain-24h", "rg-2", Level.BLUE, T0 + 20 * MIN, T0 + 30 * MIN);
    run.event(rainOpen).event(tiltOpen).event(shortOpen).event(shortResolve);
    run.advanceTo(T0 + 59 * MIN);
    assertThat(run.out).singleElement().extracting(n -> n.members()).isEqualTo(List.of(tiltOpen));
    run.advanceTo(T0 + 3 * 60 * MIN);
    // at 60 min the silence ends: the rain alert, still open, is sent once in its current state, 30 s later
    assertThat(run.out).hasSize(2);
    assertThat(run.out.get(1).members()).containsExactly(rainOpen);
    assertThat(run.out.get(1).createdAtMs()).isEqualTo(T0 + 60 * MIN + 30 * SEC);
  }

  @Test
  void anAlertThatResolvedDuringASilenceAfterConsumersHeardItOpenIsSentResolved() {
    SiteRun run = new SiteRun();
    AlertEvent open = opened("rain-1h", "rg-1", Level.ORANGE, T0);
    run.event(open).advanceTo(T0 + MIN); // sent: consumers believe it open
    run.silences.add(new Silence("s", List.of(), List.of("rg-1"), List.of(), T0 + 2 * MIN, T0 + 10 * MIN, "ops", ""));
    AlertEvent resolve = resolved("rain-1h", "rg-1", Level.ORANGE, T0, T0 + 5 * MIN);
    run.event(resolve).advanceTo(T0 + 60 * MIN);
    assertThat(run.out).extracting(n -> n.members().get(0)).containsExactly(open, resolve);
    assertThat(run.out.get(1).createdAtMs()).isEqualTo(T0 + 10 * MIN + 30 * SEC);
  }

  @Test
  void anOfflineAlertMutesThatSensorsOtherAlertsOnlyAndReleasesThemWhenItResolves() {
    SiteRun run = new SiteRun(NotifyOptions.defaults().withInhibitingRules(Set.of("offline")));
    AlertEvent offline = opened("offline", "rg-1", Level.YELLOW, T0);
    AlertEvent rainSame = opened("rain-1h", "rg-1", Level.ORANGE, T0 + 5 * MIN); // muted
    AlertEvent rainOther = opened("rain-1h", "rg-2", Level.ORANGE, T0 + 5 * MIN); // another sensor: sent
    AlertEvent back = resolved("offline", "rg-1", Level.YELLOW, T0, T0 + 20 * MIN);
    run.event(offline).event(rainSame).event(rainOther).event(back).advanceTo(T0 + 60 * MIN);
    assertThat(run.out).extracting(n -> n.members()).containsExactly(
        List.of(offline), List.of(rainOther), List.of(rainSame, back)); // released with the resolve: one group
    assertThat(run.out.get(2).kind()).isEqualTo(Kind.GROUP);
    assertThat(run.out.get(2).level()).isEqualTo(Level.ORANGE);
  }

  @Test
  void anAckOfAnOpenAlertBecomesAnAcknowledgedTransitionAndOthersAreRefusedWithAReason() {
    SiteRun run = new SiteRun();
    AlertEvent open = opened("rain-1h", "rg-1", Level.ORANGE, T0);
    run.event(open).advanceTo(T0 + MIN);
    AckDecision d = run.ack(new Ack(open.id(), "hill-a", "A. Operator", T0 + 2 * MIN, "crew sent"));
    assertThat(d.isAccepted()).isTrue();
    assertThat(d.event()).satisfies(a -> {
      assertThat(a.id()).isEqualTo(open.id());
      assertThat(a.state()).isEqualTo(AlertState.ACKNOWLEDGED);
      assertThat(a.level()).isEqualTo(Level.ORANGE);
      assertThat(a.previousLevel()).isEqualTo(Level.ORANGE);
      assertThat(a.startedAtMs()).isEqualTo(T0);
      assertThat(a.updatedAtMs()).isEqualTo(T0 + 2 * MIN);
      assertThat(a.message()).isEqualTo("acknowledged by A. Operator: crew sent");
    });
    run.advanceTo(T0 + 5 * MIN);
    assertThat(run.out).extracting(Notification::eventType).containsExactly("alert.opened", "alert.acknowledged");

    assertThat(run.ack(new Ack(open.id(), "hill-a", "B", T0 + 3 * MIN, "")).reason())
        .contains("already acknowledged by A. Operator");
    assertThat(run.ack(new Ack("alt_nope", "hill-a", "B", T0 + 3 * MIN, "")).reason()).contains("no alert alt_nope");
    run.event(resolved("rain-1h", "rg-1", Level.ORANGE, T0, T0 + 10 * MIN));
    assertThat(run.ack(new Ack(open.id(), "hill-a", "B", T0 + 11 * MIN, "")).reason())
        .contains("was resolved at 2026-11-28T08:10:00.000Z");
  }

  @Test
  void anEscalationReArmsTheAcknowledgement() {
    SiteRun run = new SiteRun();
    AlertEvent open = opened("rain-1h", "rg-1", Level.YELLOW, T0);
    run.event(open);
    assertThat(run.ack(new Ack(open.id(), "hill-a", "A", T0 + MIN, "")).isAccepted()).isTrue();
    run.event(SiteRun.ev("rain-1h", "rg-1", AlertState.ESCALATED, Level.RED, Level.YELLOW, T0, T0 + 2 * MIN));
    AckDecision again = run.ack(new Ack(open.id(), "hill-a", "A", T0 + 3 * MIN, ""));
    assertThat(again.isAccepted()).isTrue();
    assertThat(again.event().level()).isEqualTo(Level.RED);
  }

  @Test
  void aReplayedDuplicateTransitionIsNeitherCountedNorSentTwice() {
    SiteRun run = new SiteRun();
    for (AlertEvent e : flap(T0, 5 * MIN, 3)) { // open, resolve, open: each delivered twice
      run.event(e).event(e);
    }
    run.advanceTo(T0 + 60 * MIN);
    assertThat(run.out).hasSize(3).allMatch(n -> n.kind() == Kind.ALERT); // 6 would have counted as flapping
  }

  @Test
  void theSameInputGivesTheSameNotificationsAndIds() {
    assertThat(mixedRun()).isEqualTo(mixedRun()).hasSizeGreaterThan(3);
  }

  private static List<Notification> mixedRun() {
    SiteRun run = new SiteRun(NotifyOptions.defaults().withInhibitingRules(Set.of("offline")));
    run.silences.add(new Silence("m", List.of(), List.of("rg-9"), List.of(), T0, T0 + 30 * MIN, "ops", ""));
    for (int i = 0; i < 10; i++) {
      run.event(opened("rain-1h", "rg-" + i, Level.YELLOW, T0 + i * SEC));
    }
    flap(T0 + MIN, 10 * SEC, 6).forEach(e -> run.event(new AlertEvent(e.id(), "tilt", e.site(), e.subject(),
        e.level(), e.previousLevel(), e.state(), e.value(), e.threshold(), e.startedAtMs(), e.updatedAtMs(),
        e.message())));
    run.advanceTo(T0 + 5 * 60 * MIN);
    return run.out;
  }

  /** {@code n} alternating transitions of rain-1h on rg-1 every {@code step}, opening (orange) first. */
  static List<AlertEvent> flap(long start, long step, int n) {
    List<AlertEvent> out = new ArrayList<>();
    long openedAt = start;
    for (int i = 0; i < n; i++) {
      long t = start + i * step;
      if (i % 2 == 0) {
        openedAt = t;
        out.add(opened("rain-1h", "rg-1", Level.ORANGE, t));
      } else {
        out.add(resolved("rain-1h", "rg-1", Level.ORANGE, openedAt, t));
      }
    }
    return out;
  }
}
