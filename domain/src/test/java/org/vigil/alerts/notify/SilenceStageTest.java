package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.notify.SiteRun.MIN;
import static org.vigil.alerts.notify.SiteRun.T0;
import static org.vigil.alerts.notify.SiteRun.opened;
import static org.vigil.alerts.notify.Stages.decision;
import static org.vigil.alerts.notify.Stages.site;
import static org.vigil.alerts.notify.Stages.track;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.NotifyDecision.Outcome;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** {@link SilenceStage} alone: which transitions a silence holds, until when, and what it leaves alone. */
class SilenceStageTest {

  private final SilenceStage stage = new SilenceStage();

  /** Sensor rg-1 of hill-a silenced from T0 to T0 + 60 min. */
  private static Silence window(String id, String sensor) {
    return new Silence(id, List.of("hill-a"), List.of(sensor), List.of(), T0, T0 + 60 * MIN, "maria", "works");
  }

  @Test
  void aTransitionInsideTheSilenceIsHeldUntilItsEnd() {
    AlertEvent e = opened("rain-1h", "rg-1", Level.YELLOW, T0 + 10 * MIN);
    AlertTrack t = track(e);
    NotifyDecision d = stage.apply(site(t), decision(e, t, List.of(window("s1", "rg-1"))));
    assertThat(d.outcome()).isEqualTo(Outcome.HELD);
    assertThat(d.mute()).isEqualTo(new NotifyDecision.Mute("silence s1", T0 + 60 * MIN));
    assertThat(t.held).isTrue();
    assertThat(t.heldUntilMs).isEqualTo(T0 + 60 * MIN);
    assertThat(d.sent()).isEmpty();
  }

  @Test
  void anotherSensorOrATimeOutsideTheWindowIsNotHeld() {
    AlertEvent other = opened("rain-1h", "rg-2", Level.YELLOW, T0 + 10 * MIN);
    AlertTrack t2 = track(other);
    assertThat(stage.apply(site(t2), decision(other, t2, List.of(window("s1", "rg-1")))).outcome())
        .isEqualTo(Outcome.NOTIFY);
    AlertEvent after = opened("rain-1h", "rg-1", Level.YELLOW, T0 + 60 * MIN); // the end is exclusive
    AlertTrack t1 = track(after);
    assertThat(stage.apply(site(t1), decision(after, t1, List.of(window("s1", "rg-1")))).outcome())
        .isEqualTo(Outcome.NOTIFY);
    assertThat(t1.held).isFalse();
  }

  @Test
  void ofSeveralSilencesTheSmallestIdIsNamed() {
    AlertEvent e = opened("rain-1h", "rg-1", Level.YELLOW, T0 + 10 * MIN);
    AlertTrack t = track(e);
    NotifyDecision d = stage.apply(site(t), decision(e, t, List.of(window("s9", "rg-*"), window("s2", "rg-1"))));
    assertThat(d.mute().reason()).isEqualTo("silence s2");
  }

  @Test
  void aSilenceWinsOverFlappingButAnAcknowledgementLeavesTheTrackAsItIs() {
    AlertEvent e = opened("rain-1h", "rg-1", Level.YELLOW, T0 + 10 * MIN);
    AlertTrack t = track(e);
    NotifyDecision flapping = decision(e, t, List.of(window("s1", "rg-1"))).flapping("flapping");
    assertThat(stage.apply(site(t), flapping).outcome()).isEqualTo(Outcome.HELD);

    AlertEvent ack = new AlertEvent(e.id(), e.rule(), e.site(), e.subject(), e.level(), e.level(),
        AlertState.ACKNOWLEDGED, e.value(), e.threshold(), e.startedAtMs(), T0 + 20 * MIN, "acknowledged by maria");
    AlertTrack quiet = track(e);
    NotifyDecision d = stage.apply(site(quiet), decision(ack, quiet, List.of(window("s1", "rg-1"))));
    assertThat(d.outcome()).isEqualTo(Outcome.HELD);
    assertThat(quiet.held).isFalse(); // not a change: nothing to send later
  }
}
