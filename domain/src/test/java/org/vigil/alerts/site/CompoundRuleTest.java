package org.vigil.alerts.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

class CompoundRuleTest {

  private static final long H = 3_600_000L;

  private final CompoundRule rule = new CompoundRule("rain-and-slope", "heavy rain and an accelerating slope",
      Level.ORANGE, Duration.ofHours(12), List.of(
          new CompoundRule.Condition("rain", "rain_24h", 50, Set.of(SensorKind.RAIN)),
          new CompoundRule.Condition("slope", "tangent_angle_low_deg", 45,
              Set.of(SensorKind.GNSS, SensorKind.CRACK, SensorKind.TILT))));
  private final CompoundState state = new CompoundState();

  private static SensorMetrics rain(long t, double mm24h) {
    return new SensorMetrics("hill", SensorKind.RAIN, "rg-1", t, Map.of(), Map.of("rain_24h", mm24h));
  }

  private static SensorMetrics slope(long t, double angle) {
    return new SensorMetrics("hill", SensorKind.GNSS, "g-1", t, Map.of(), Map.of("tangent_angle_low_deg", angle));
  }

  @Test
  void opensWhenBothHeldWithinTheWindowAndResolvesAWindowAfterOneStops() {
    assertThat(rule.evaluate(state, rain(0, 62))).isNull(); // heavy rain alone
    assertThat(rule.evaluate(state, slope(H, 30))).isNull(); // slope steady
    AlertEvent open = rule.evaluate(state, slope(2 * H, 52)); // slope accelerating 2 h after the rain: both hold
    assertThat(open.state()).isEqualTo(AlertState.OPENED);
    assertThat(open.level()).isEqualTo(Level.ORANGE);
    assertThat(open.subject()).isEqualTo("hill");
    assertThat(open.details()).containsEntry("rain_rain_24h", 62.0).containsEntry("slope_tangent_angle_low_deg", 52.0);
    assertThat(open.message()).contains("rain_24h 62.0 at hill/rain/rg-1").contains("within 12h");

    assertThat(rule.evaluate(state, rain(3 * H, 20))).isNull(); // rain below the threshold: still within 12 h
    // Rain last held at 0 h; at exactly 12 h it no longer counts ((now - 12 h, now] excludes 0).
    assertThat(rule.evaluate(state, slope(12 * H - 1, 60))).isNull();
    AlertEvent resolved = rule.evaluate(state, slope(12 * H, 60));
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.id()).isEqualTo(open.id());
    assertThat(resolved.message()).contains("rain has not held for 12h");
  }

  @Test
  void conditionsTooFarApartDoNotFire() {
    rule.evaluate(state, rain(0, 80));
    assertThat(rule.evaluate(state, slope(13 * H, 70))).isNull();
  }

  @Test
  void sensorsOfOtherKindsDoNotCount() {
    rule.evaluate(state, rain(0, 80));
    // A rain gauge cannot satisfy the slope condition, whatever its metrics.
    assertThat(rule.evaluate(state, new SensorMetrics("hill", SensorKind.RAIN, "rg-2", H, Map.of(),
        Map.of("tangent_angle_low_deg", 88.0)))).isNull();
  }

  @Test
  void invalidRulesAreRefusedWithEveryReason() {
    assertThatThrownBy(() -> new CompoundRule("x", null, Level.NONE, Duration.ZERO,
        List.of(new CompoundRule.Condition("a", "m", 1, null))))
        .hasMessageContaining("level must be")
        .hasMessageContaining("window must be positive")
        .hasMessageContaining("at least two conditions");
  }
}
