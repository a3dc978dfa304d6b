package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.notify.SiteRun.MIN;
import static org.vigil.alerts.notify.SiteRun.T0;
import static org.vigil.alerts.notify.SiteRun.ev;
import static org.vigil.alerts.notify.Stages.decision;
import static org.vigil.alerts.notify.Stages.site;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.NotifyDecision.Outcome;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** {@link FlapStage} alone: 4 reversals within 1 h make an alert flap; 30 min without a change settle it. */
class FlapStageTest {

  private final FlapStage stage = new FlapStage(4, Duration.ofHours(1), Duration.ofMinutes(30));
  private final AlertTrack track = new AlertTrack();

  FlapStageTest() {
    track.rule = "rain-1h";
    track.subject = "hill-a/rain/rg-1";
  }

  /** The decisions about {@code states}, one every {@code stepMin} minutes from T0, as the pipeline feeds them. */
  private List<Outcome> feed(int stepMin, AlertState... states) {
    List<Outcome> out = new ArrayList<>();
    for (int i = 0; i < states.length; i++) {
      AlertState st = states[i];
      Level level = st == AlertState.RESOLVED ? Level.NONE : Level.YELLOW;
      AlertEvent e = ev("rain-1h", "rg-1", st, level, Level.YELLOW, T0, T0 + i * stepMin * MIN);
      track.last = EventSnapshot.of(e);
      out.add(stage.apply(site(track), decision(e, track)).outcome());
    }
    return out;
  }

  @Test
  void theFourthReversalWithinTheWindowFlapsAndLaterChangesAreHeld() {
    // opened 0, resolved 5, opened 10, resolved 15 (4th reversal: flapping), opened 20 (held).
    assertThat(feed(5, AlertState.OPENED, AlertState.RESOLVED, AlertState.OPENED, AlertState.RESOLVED,
        AlertState.OPENED)).containsExactly(Outcome.NOTIFY, Outcome.NOTIFY, Outcome.NOTIFY, Outcome.FLAPPING,
        Outcome.HELD_WHILE_FLAPPING);
    assertThat(track.flapping).isTrue();
    assertThat(track.flapStartedAtMs).isEqualTo(T0 + 15 * MIN);
    assertThat(track.lastChangeMs).isEqualTo(T0 + 20 * MIN);
  }

  @Test
  void theFlappingDecisionSaysWhy() {
    feed(5, AlertState.OPENED, AlertState.RESOLVED, AlertState.OPENED);
    AlertEvent e = ev("rain-1h", "rg-1", AlertState.RESOLVED, Level.NONE, Level.YELLOW, T0, T0 + 15 * MIN);
    NotifyDecision d = stage.apply(site(track), decision(e, track));
    assertThat(d.message()).isEqualTo("rain-1h on hill-a/rain/rg-1 is flapping: 4 state changes up and down within "
        + "1h; its notifications are held until it has been quiet for 30m");
  }

  @Test
  void aStormRisingAndFallingLevelByLevelIsNotFlapping() {
    // up, up, up, down, down, down: two reversals (the first change counts as one).
    assertThat(feed(5, AlertState.OPENED, AlertState.ESCALATED, AlertState.ESCALATED, AlertState.DE_ESCALATED,
        AlertState.DE_ESCALATED, AlertState.RESOLVED)).containsOnly(Outcome.NOTIFY);
    assertThat(track.changeTimesMs).hasSize(2);
  }

  @Test
  void reversalsFurtherApartThanTheWindowDoNotAddUp() {
    // every 25 min: at the 4th (75 min) the first (0) is more than 1 h old, so only 3 are within the window.
    assertThat(feed(25, AlertState.OPENED, AlertState.RESOLVED, AlertState.OPENED, AlertState.RESOLVED))
        .containsOnly(Outcome.NOTIFY);
  }

  @Test
  void quietForTheSettlePeriodItSettlesWithItsFinalState() {
    feed(5, AlertState.OPENED, AlertState.RESOLVED, AlertState.OPENED, AlertState.RESOLVED); // flapping from 15
    assertThat(stage.settlesAtMs(track)).isEqualTo(T0 + 45 * MIN);
    assertThat(stage.settledBy(track, T0 + 45 * MIN - 1)).isFalse();
    assertThat(stage.settledBy(track, T0 + 45 * MIN)).isTrue();
    NotifyDecision d = stage.settle(track, List.of());
    assertThat(d.outcome()).isEqualTo(Outcome.SETTLED);
    assertThat(d.atMs()).isEqualTo(T0 + 45 * MIN);
    assertThat(d.event().state()).isEqualTo(AlertState.RESOLVED);
    assertThat(d.message()).isEqualTo("rain-1h on hill-a/rain/rg-1 has settled after flapping: now resolved");
    assertThat(track.flapping).isFalse();
    assertThat(track.changeTimesMs).isEmpty();
    assertThat(stage.settlesAtMs(track)).isEqualTo(AlertTrack.UNSET);
  }

  @Test
  void anAcknowledgementIsNotAChange() {
    AlertEvent ack = ev("rain-1h", "rg-1", AlertState.ACKNOWLEDGED, Level.YELLOW, Level.YELLOW, T0, T0);
    NotifyDecision d = stage.apply(site(track), decision(ack, track));
    assertThat(d.outcome()).isEqualTo(Outcome.NOTIFY);
    assertThat(track.lastChangeMs).isEqualTo(AlertTrack.UNSET);
    assertThat(track.changeTimesMs).isEmpty();
  }
}
