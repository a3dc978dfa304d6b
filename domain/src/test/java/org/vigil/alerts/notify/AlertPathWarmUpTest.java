package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertState;

class AlertPathWarmUpTest {

  @Test
  void theMadeUpAlertPassesEveryStepOfThePath() {
    List<Notification> out = AlertPathWarmUp.exercise();

    // Rain 1.5 then 4 against yellow 1 and red 3: opened yellow, escalated to red; no acknowledgement within the red
    // period of 1 min: referred; acknowledged; rain 0 under both clear levels: resolved. Each of the five passed noise
    // control and came out in a notification, alone or in a group.
    List<AlertState> states = out.stream().flatMap(n -> n.members().stream()).map(e -> e.state()).distinct().toList();
    assertThat(states).contains(AlertState.OPENED, AlertState.ESCALATED, AlertState.REFERRED,
        AlertState.ACKNOWLEDGED, AlertState.RESOLVED);
  }

  @Test
  void runsOncePerProcess() {
    AlertPathWarmUp.run();
    assertThat(AlertPathWarmUp.run()).isZero();
  }
}
