package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.notify.SiteRun.MIN;
import static org.vigil.alerts.notify.SiteRun.T0;
import static org.vigil.alerts.notify.SiteRun.ev;
import static org.vigil.alerts.notify.SiteRun.opened;
import static org.vigil.alerts.notify.SiteRun.resolved;
import static org.vigil.alerts.notify.Stages.decision;
import static org.vigil.alerts.notify.Stages.site;
import static org.vigil.alerts.notify.Stages.track;

import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** {@link AcknowledgeStage} alone: accepting, refusing and re-arming acknowledgements. */
class AcknowledgeStageTest {

  private final AcknowledgeStage stage = new AcknowledgeStage();
  private final AlertEvent open = opened("rain-1h", "rg-1", Level.ORANGE, T0);
  private final AlertTrack track = track(open);
  private final SiteNotifyState site = site(track);

  @Test
  void anOpenAlertsAcknowledgementIsATransitionOfItsOwn() {
    AckDecision a = stage.acknowledge(site, new Ack(open.id(), "hill-a", "maria", T0 + 5 * MIN,
        "crew on the way"));
    assertThat(a.isAccepted()).isTrue();
    AlertEvent e = a.event();
    assertThat(e.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(e.id()).isEqualTo(open.id());
    assertThat(e.level()).isEqualTo(Level.ORANGE);
    assertThat(e.previousLevel()).isEqualTo(Level.ORANGE);
    assertThat(e.updatedAtMs()).isEqualTo(T0 + 5 * MIN);
    assertThat(e.startedAtMs()).isEqualTo(T0);
    assertThat(e.message()).isEqualTo("acknowledged by maria: crew on the way");
    assertThat(track.ackedBy).isEqualTo("maria");
    assertThat(track.ackedAtMs).isEqualTo(T0 + 5 * MIN);
  }

  @Test
  void aSecondAcknowledgementAnUnknownAndAResolvedAlertAreRefused() {
    stage.acknowledge(site, new Ack(open.id(), "hill-a", "maria", T0 + 5 * MIN, ""));
    // T0 + 5 min = 2026-11-28T08:05:00.000Z
    assertThat(stage.acknowledge(site, new Ack(open.id(), "hill-a", "li", T0 + 6 * MIN, "")).reason())
        .isEqualTo("alert " + open.id() + " is already acknowledged by maria at 2026-11-28T08:05:00.000Z");
    assertThat(stage.acknowledge(site, new Ack("alt_nope", "hill-a", "li", T0, "")).reason())
        .startsWith("no alert alt_nope is known at site hill-a");
    track.last = EventSnapshot.of(resolved("rain-1h", "rg-1", Level.ORANGE, T0, T0 + 10 * MIN));
    assertThat(stage.acknowledge(site, new Ack(open.id(), "hill-a", "li", T0 + 11 * MIN, "")).reason())
        .isEqualTo("alert " + open.id() + " was resolved at 2026-11-28T08:10:00.000Z; only open alerts can be "
            + "acknowledged");
  }

  @Test
  void anEscalationReArmsTheAcknowledgementAndAFallDoesNot() {
    stage.acknowledge(site, new Ack(open.id(), "hill-a", "maria", T0 + 5 * MIN, ""));
    AlertEvent down = ev("rain-1h", "rg-1", AlertState.DE_ESCALATED, Level.YELLOW, Level.ORANGE, T0, T0 + 7 * MIN);
    stage.apply(site, decision(down, track));
    assertThat(track.ackedBy).isEqualTo("maria");
    AlertEvent up = ev("rain-1h", "rg-1", AlertState.ESCALATED, Level.RED, Level.YELLOW, T0, T0 + 9 * MIN);
    NotifyDecision d = stage.apply(site, decision(up, track));
    assertThat(track.ackedBy).isNull();
    assertThat(track.ackedAtMs).isEqualTo(AlertTrack.UNSET);
    assertThat(d.outcome()).isEqualTo(NotifyDecision.Outcome.NOTIFY);
  }
}
