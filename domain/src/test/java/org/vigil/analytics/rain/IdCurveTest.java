package org.vigil.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vigil.core.settings.ConfigException;

/**
 * Thresholds computed by hand: D^-b = exp(-b ln D) with ln 3 = 1.098612, ln 24 = 3.178054, ln 72 = 4.276666.
 */
class IdCurveTest {

  @Test
  void caine1980AtOneThreeTwentyFourAndSeventyTwoHours() {
    IdCurve c = IdCurve.CAINE_1980;
    // 14.82 * 1^-0.39 = 14.82
    assertThat(c.thresholdIntensity(1)).isCloseTo(14.82, within(1e-9));
    // 14.82 * exp(-0.39 * 1.098612) = 14.82 * exp(-0.428459) = 14.82 * 0.651512 = 9.655414
    assertThat(c.thresholdIntensity(3)).isCloseTo(9.655414, within(1e-6));
    // 14.82 * exp(-0.39 * 3.178054) = 14.82 * exp(-1.239441) = 14.82 * 0.289546 = 4.291072
    assertThat(c.thresholdIntensity(24)).isCloseTo(4.291072, within(1e-6));
    // 14.82 * exp(-0.39 * 4.276666) = 14.82 * exp(-1.667900) = 14.82 * 0.188643 = 2.795687
    assertThat(c.thresholdIntensity(72)).isCloseTo(2.795687, within(1e-6));
  }

  @Test
  void guzzetti2008AtOneThreeTwentyFourAndSeventyTwoHours() {
    IdCurve c = IdCurve.GUZZETTI_2008;
    // 2.20 * 1^-0.44 = 2.20
    assertThat(c.thresholdIntensity(1)).isCloseTo(2.20, within(1e-9));
    // 2.20 * exp(-0.44 * 1.098612) = 2.20 * exp(-0.483389) = 2.20 * 0.616690 = 1.356717
    assertThat(c.thresholdIntensity(3)).isCloseTo(1.356717, within(1e-6));
    // 2.20 * exp(-0.44 * 3.178054) = 2.20 * exp(-1.398344) = 2.20 * 0.247006 = 0.543413
    assertThat(c.thresholdIntensity(24)).isCloseTo(0.543413, within(1e-6));
    // 2.20 * exp(-0.44 * 4.276666) = 2.20 * exp(-1.881733) = 2.20 * 0.152326 = 0.335117
    assertThat(c.thresholdIntensity(72)).isCloseTo(0.335117, within(1e-6));
  }

  @Test
  void aCheckAtTheCurveCountsAsExceededAndItsRatioIsOne() {
    // 24 h at Caine's 4.291072 mm/h: 103 mm in a day. Slightly above and below.
    IdCheck above = IdCurve.CAINE_1980.check(24, 4.3);
    assertThat(above.inRange()).isTrue();
    assertThat(above.exceeded()).isTrue();
    assertThat(above.ratio()).isCloseTo(1.002080, within(1e-6)); // 4.3 / 4.291072
    assertThat(IdCurve.CAINE_1980.check(24, 4.28).exceeded()).isFalse();
    double onCurve = IdCurve.GUZZETTI_2008.thresholdIntensity(3);
    assertThat(IdCurve.GUZZETTI_2008.check(3, onCurve).exceeded()).isTrue();
    assertThat(IdCurve.GUZZETTI_2008.check(3, onCurve).ratio()).isEqualTo(1.0);
  }

  @Test
  void durationsOutsideTheRangeAreNeverExceeded() {
    // Caine: 10 min (0.166667 h) to 240 h. At 0.1 h: 14.82 * 0.1^-0.39 = 14.82 * 10^0.39 = 14.82 * 2.454709 = 36.378787
    IdCheck short_ = IdCurve.CAINE_1980.check(0.1, 100);
    assertThat(short_.thresholdMmH()).isCloseTo(36.378787, within(1e-5));
    assertThat(short_.inRange()).isFalse();
    assertThat(short_.exceeded()).isFalse(); // 100 mm/h is far above, but the curve does not speak for 6 minutes
    assertThat(IdCurve.CAINE_1980.check(241, 100).inRange()).isFalse();
    assertThat(IdCurve.CAINE_1980.check(10.0 / 60, 100).inRange()).isTrue(); // exactly 10 min
    assertThat(IdCurve.CAINE_1980.check(240, 100).exceeded()).isTrue(); // exactly 10 days
    // Guzzetti: 0.1 h to 1000 h.
    assertThat(IdCurve.GUZZETTI_2008.check(0.1, 100).inRange()).isTrue();
    assertThat(IdCurve.GUZZETTI_2008.check(0.09, 100).exceeded()).isFalse();
    assertThat(IdCurve.GUZZETTI_2008.check(1000.5, 100).exceeded()).isFalse();
  }

  @Test
  void aCustomCurveIsValidatedWithEveryProblemAtOnce() {
    IdCurve site = new IdCurve("mysite", 10, 0.5, 1, 48);
    // 10 * 4^-0.5 = 10 / 2 = 5
    assertThat(site.thresholdIntensity(4)).isCloseTo(5.0, within(1e-12));
    assertThatThrownBy(() -> new IdCurve("My Site", 0, -0.5, 48, 1))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> {
              ConfigException r = (ConfigException) e;
              assertThat(r.problems()).hasSize(4);
              assertThat(r.getMessage())
                  .contains("I-D curve 'My Site'")
                  .contains("name must match")
                  .contains("alpha must be positive and finite, got 0.0")
                  .contains("beta must be zero or positive and finite, got -0.5")
                  .contains("min duration 48.0 h must be below max duration 1.0 h");
            });
    assertThatThrownBy(() -> new IdCurve("ok", Double.NaN, 0.4, 0, 10))
        .hasMessageContaining("alpha must be positive")
        .hasMessageContaining("min duration must be positive hours, got 0.0");
  }
}
