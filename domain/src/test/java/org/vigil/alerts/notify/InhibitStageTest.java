package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.notify.SiteRun.MIN;
import static org.vigil.alerts.notify.SiteRun.T0;
import static org.vigil.alerts.notify.SiteRun.opened;
import static org.vigil.alerts.notify.SiteRun.resolved;
import static org.vigil.alerts.notify.Stages.decision;
import static org.vigil.alerts.notify.Stages.site;
import static org.vigil.alerts.notify.Stages.track;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.NotifyDecision.Outcome;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;

/** {@link InhibitStage} alone: an open deadman alert on a sensor holds that sensor's other transitions. */
class InhibitStageTest {

  private final InhibitStage stage = new InhibitStage(Set.of("rain-deadman"));
  private final AlertTrack deadman = track(opened("rain-deadman", "rg-1", Level.YELLOW, T0));

  @Test
  void theSensorsOtherTransitionsAreHeldUntilTheDeadmanResolves() {
    AlertEvent e = opened("rain-1h", "rg-1", Level.ORANGE, T0 + 5 * MIN);
    AlertTrack t = track(e);
    NotifyDecision d = stage.apply(site(deadman, t), decision(e, t));
    assertThat(d.outcome()).isEqualTo(Outcome.HELD);
    assertThat(d.mute()).isEqualTo(new NotifyDecision.Mute("inhibited by rain-deadman", AlertTrack.UNSET));
    assertThat(t.held).isTrue();
    assertThat(t.heldUntilMs).isEqualTo(AlertTrack.UNSET); // no end time: released when the deadman resolves
  }

  @Test
  void theDeadmanItselfAndOtherSensorsAreNotHeld() {
    AlertEvent own = opened("rain-deadman", "rg-1", Level.RED, T0 + 5 * MIN);
    assertThat(stage.apply(site(deadman), decision(own, deadman)).outcome()).isEqualTo(Outcome.NOTIFY);
    AlertEvent other = opened("rain-1h", "rg-2", Level.ORANGE, T0 + 5 * MIN);
    AlertTrack t = track(other);
    assertThat(stage.apply(site(deadman, t), decision(other, t)).outcome()).isEqualTo(Outcome.NOTIFY);
  }

  @Test
  void aResolvedDeadmanNoLongerInhibitsAndItsResolveReleases() {
    AlertEvent end = resolved("rain-deadman", "rg-1", Level.YELLOW, T0, T0 + 30 * MIN);
    AlertTrack closed = track(end);
    AlertEvent e = opened("rain-1h", "rg-1", Level.ORANGE, T0 + 31 * MIN);
    AlertTrack t = track(e);
    assertThat(stage.apply(site(closed, t), decision(e, t)).outcome()).isEqualTo(Outcome.NOTIFY);
    assertThat(stage.releases(end)).isTrue();
    assertThat(stage.releases(resolved("rain-1h", "rg-1", Level.ORANGE, T0, T0 + 30 * MIN))).isFalse();
    assertThat(stage.releases(opened("rain-deadman", "rg-1", Level.YELLOW, T0))).isFalse();
  }
}
