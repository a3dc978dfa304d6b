package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.settings.ConfigException;

class SlopeOptionsTest {

  @Test
  void unsetKeysGiveTheDocumentedDefaults() {
    SlopeOptions o = SlopeOptions.fromLookup(Map.<String, String>of()::get);
    assertThat(o.velocityWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(o.accelerationWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(o.onsetZ()).isEqualTo(2.0);
    assertThat(o.minAccelerationMmD2()).isEqualTo(0.01);
    assertThat(o.onsetPersistence()).isEqualTo(Duration.ofHours(6));
    assertThat(o.steadyVelocityMmD()).isNaN();
    assertThat(o.calibration()).isEqualTo(Duration.ofDays(3));
    // 3.5, not 1.96: on 30 days of steady creep of 10 sensors with up to 0.5 mm noise, 1.96 and 3 raised yellow.
    assertThat(o.tangentZ()).isEqualTo(3.5);
    assertThat(o.inverseVelocityWindow()).isEqualTo(Duration.ofDays(3));
    assertThat(o.inverseVelocityMinR2()).isEqualTo(0.8);
    // 8, not 24: velocities from the shrinking window near failure come one per reading, 18 in 18 h at hourly readings.
    assertThat(o.inverseVelocityMinPoints()).isEqualTo(8);
    assertThat(o).isEqualTo(SlopeOptions.defaults());
    assertThat(o.problems()).isEmpty();
  }

  @Test
  void everyKeyIsRead() {
    SlopeOptions o =
        SlopeOptions.fromLookup(
            Map.ofEntries(
                    Map.entry("VIGIL_SLOPE_VELOCITY_WINDOW", "PT6H"),
                    Map.entry("VIGIL_SLOPE_ACCELERATION_WINDOW", "12h"),
                    Map.entry("VIGIL_SLOPE_ONSET_Z", "3"),
                    Map.entry("VIGIL_SLOPE_MIN_ACCELERATION_MM_D2", "0.05"),
                    Map.entry("VIGIL_SLOPE_ONSET_PERSISTENCE", "PT2H"),
                    Map.entry("VIGIL_SLOPE_STEADY_MM_D", " 0.4 "),
                    Map.entry("VIGIL_SLOPE_CALIBRATION", "P7D"),
                    Map.entry("VIGIL_SLOPE_TANGENT_Z", "1.645"),
                    Map.entry("VIGIL_SLOPE_IV_WINDOW", "P5D"),
                    Map.entry("VIGIL_SLOPE_IV_MIN_R2", "0.9"),
                    Map.entry("VIGIL_SLOPE_IV_MIN_POINTS", "50"))
                ::get);
    assertThat(o)
        .isEqualTo(
            new SlopeOptions(Duration.ofHours(6), Duration.ofHours(12), 3, 0.05, Duration.ofHours(2), 0.4,
                Duration.ofDays(7), 1.645, Duration.ofDays(5), 0.9, 50));
  }

  @Test
  void everyProblemIsReportedWithItsKey() {
    assertThatThrownBy(
            () ->
                SlopeOptions.fromLookup(
                    Map.of(
                            "VIGIL_SLOPE_VELOCITY_WINDOW", "six hours",
                            "VIGIL_SLOPE_STEADY_MM_D", "-1",
                            "VIGIL_SLOPE_IV_MIN_R2", "1.5",
                            "VIGIL_SLOPE_IV_MIN_POINTS", "2.5",
                            "VIGIL_SLOPE_IV_WINDOW", "PT30S")
                        ::get))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(5)
                    .anySatisfy(p -> assertThat(p).startsWith("VIGIL_SLOPE_VELOCITY_WINDOW='six hours': not a duration"))
                    .anySatisfy(p -> assertThat(p).startsWith("VIGIL_SLOPE_IV_MIN_POINTS='2.5': not a whole number"))
                    .anySatisfy(p -> assertThat(p).startsWith("VIGIL_SLOPE_STEADY_MM_D: steady velocity"))
                    .anySatisfy(p -> assertThat(p).startsWith("VIGIL_SLOPE_IV_MIN_R2: "))
                    .anySatisfy(p -> assertThat(p).startsWith("VIGIL_SLOPE_IV_WINDOW: ")));
  }

  @Test
  void validateListsEveryProblem() {
    SlopeOptions bad =
        new SlopeOptions(Duration.ZERO, null, -1, Double.NaN, Duration.ofHours(-1), 0, Duration.ofDays(1), -2,
            Duration.ofDays(1), 2, 1);
    assertThatThrownBy(bad::validate)
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(9));
    assertThat(SlopeOptions.defaults().validate()).isEqualTo(SlopeOptions.defaults());
  }

  @Test
  void theAdaptiveWindowAndForecastKeysAreReadAndChecked() {
    SlopeOptions o = SlopeOptions.fromLookup(Map.of("VIGIL_SLOPE_MIN_VELOCITY_WINDOW", "PT3H",
        "VIGIL_SLOPE_VELOCITY_WINDOW_SHARE", "0.25", "VIGIL_SLOPE_IV_MIN_T", "4",
        "VIGIL_SLOPE_IV_MAX_REL_SE", "0.1")::get);
    assertThat(o.minVelocityWindow()).isEqualTo(Duration.ofHours(3));
    assertThat(o.velocityWindowShare()).isEqualTo(0.25);
    assertThat(o.inverseVelocityMinT()).isEqualTo(4.0);
    assertThat(o.inverseVelocityMaxRelSe()).isEqualTo(0.1);
    SlopeOptions d = SlopeOptions.defaults();
    assertThat(d.minVelocityWindow()).isEqualTo(Duration.ofHours(2));
    assertThat(d.velocityWindowShare()).isEqualTo(0.5);
    assertThat(d.inverseVelocityMaxRelSe()).isEqualTo(0.05);
    assertThatThrownBy(() -> SlopeOptions.fromLookup(Map.of(
            "VIGIL_SLOPE_VELOCITY_WINDOW_SHARE", "-1", "VIGIL_SLOPE_IV_MAX_REL_SE", "0")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VIGIL_SLOPE_VELOCITY_WINDOW_SHARE")
        .hasMessageContaining("VIGIL_SLOPE_IV_MAX_REL_SE");
  }

  @Test
  void theShortOnsetKeysAreReadAndChecked() {
    SlopeOptions o = SlopeOptions.fromLookup(Map.of("VIGIL_SLOPE_ONSET_SHORT_WINDOW", "PT8H",
        "VIGIL_SLOPE_ONSET_SHORT_PERSISTENCE", "3h")::get);
    assertThat(o.onsetShortWindow()).isEqualTo(Duration.ofHours(8));
    assertThat(o.onsetShortPersistence()).isEqualTo(Duration.ofHours(3));
    assertThat(SlopeOptions.defaults().onsetShortWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(SlopeOptions.defaults().onsetShortPersistence()).isEqualTo(Duration.ofHours(2));
    // Zero turns the short test off; a copy keeps it.
    assertThat(SlopeOptions.fromLookup(Map.of("VIGIL_SLOPE_ONSET_SHORT_WINDOW", "PT0S")::get).problems()).isEmpty();
    assertThat(o.withTangentZ(3).onsetShortWindow()).isEqualTo(Duration.ofHours(8));
    assertThatThrownBy(() -> SlopeOptions.fromLookup(Map.of(
            "VIGIL_SLOPE_ONSET_SHORT_WINDOW", "PT30S", "VIGIL_SLOPE_ONSET_SHORT_PERSISTENCE", "-PT1H")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VIGIL_SLOPE_ONSET_SHORT_WINDOW")
        .hasMessageContaining("VIGIL_SLOPE_ONSET_SHORT_PERSISTENCE");
  }
}
