package org.vigil.alerts.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SiteRisk;

class SiteRiskTrackerTest {

  private final Map<String, ActiveAlert> open = new HashMap<>();
  private SiteRisk risk;

  private SiteRisk apply(String rule, String subject, Level level, Level previous, AlertState state, long started,
      long at) {
    SiteRisk r = SiteRiskTracker.apply(open,
        new AlertEvent("id-" + rule + subject, rule, "hill", subject, level, previous, state, 1, 1, started, at, "m"),
        risk);
    if (r != null) {
      risk = r;
    }
    return r;
  }

  @Test
  void siteLevelIsTheHighestOpenAlertAndNamesItsDriver() {
    SiteRisk r1 = apply("rain-1h", "hill/rain/rg-1", Level.YELLOW, Level.NONE, AlertState.OPENED, 100, 100);
    assertThat(r1).isEqualTo(new SiteRisk("hill", Level.YELLOW, Level.NONE, "rain-1h", "hill/rain/rg-1", 1, 100));

    // A second yellow alert, opened later, changes neither the level nor the driver: nothing is published.
    assertThat(apply("rain-24h", "hill/rain/rg-2", Level.YELLOW, Level.NONE, AlertState.OPENED, 200, 200)).isNull();

    // The slope escalates to red: the site is red, driven by the slope.
    SiteRisk r3 = apply("slope", "hill/gnss/g1", Level.RED, Level.NONE, AlertState.OPENED, 300, 300);
    assertThat(r3.level()).isEqualTo(Level.RED);
    assertThat(r3.previousLevel()).isEqualTo(Level.YELLOW);
    assertThat(r3.subject()).isEqualTo("hill/gnss/g1");
    assertThat(r3.openAlerts()).isEqualTo(3);

    // The slope resolves: back to yellow, driven by the earliest-opened yellow alert (rain-1h at 100).
    SiteRisk r4 = apply("slope", "hill/gnss/g1", Level.NONE, Level.RED, AlertState.RESOLVED, 300, 400);
    assertThat(r4).isEqualTo(new SiteRisk("hill", Level.YELLOW, Level.RED, "rain-1h", "hill/rain/rg-1", 2, 400));

    // rain-1h resolves: still yellow, now driven by rain-24h.
    SiteRisk r5 = apply("rain-1h", "hill/rain/rg-1", Level.NONE, Level.YELLOW, AlertState.RESOLVED, 100, 500);
    assertThat(r5.rule()).isEqualTo("rain-24h");
    assertThat(r5.level()).isEqualTo(Level.YELLOW);

    SiteRisk r6 = apply("rain-24h", "hill/rain/rg-2", Level.NONE, Level.YELLOW, AlertState.RESOLVED, 200, 600);
    assertThat(r6).isEqualTo(new SiteRisk("hill", Level.NONE, Level.YELLOW, "", "", 0, 600));
  }

  @Test
  void acknowledgementsDoNotChangeTheRisk() {
    apply("rain-1h", "hill/rain/rg-1", Level.ORANGE, Level.NONE, AlertState.OPENED, 100, 100);
    assertThat(apply("rain-1h", "hill/rain/rg-1", Level.ORANGE, Level.ORANGE, AlertState.ACKNOWLEDGED, 100, 150))
        .isNull();
    assertThat(open).hasSize(1);
  }
}
