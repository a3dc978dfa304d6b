package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.SensorKind;

class DisplacementsTest {

  @Test
  void gnssAndCrackMetersAreDisplacementAlready() {
    assertThat(Displacements.of(SensorKind.GNSS, Map.of("disp_mm", 12.5), null)).hasValue(12.5);
    assertThat(Displacements.of(SensorKind.CRACK, Map.of("crack_mm", 3.25), null)).hasValue(3.25);
    assertThat(Displacements.of(SensorKind.GNSS, Map.of("crack_mm", 3.0), null)).isEmpty();
    assertThat(Displacements.of(SensorKind.GNSS, Map.of("disp_mm", Double.NaN), null)).isEmpty();
    assertThat(Displacements.of(SensorKind.RAIN, Map.of("rain_mm", 1.0), null)).isEmpty();
  }

  @Test
  void anInclinometerNeedsItsGeometry() {
    Map<String, Double> tilt = Map.of("tilt_x_deg", 1.5, "tilt_y_deg", -0.3);
    assertThat(Displacements.of(SensorKind.TILT, tilt, null)).isEmpty();
    // 2 m gauge installed at (0.5, -0.3): x tilted by 1 degree, y unchanged.
    // d = 2000 mm * sin(1 deg) = 2000 * 0.0174524064 = 34.9048 mm.
    InclinometerGeometry g = new InclinometerGeometry(2.0, 0.5, -0.3);
    assertThat(Displacements.of(SensorKind.TILT, tilt, g).getAsDouble()).isCloseTo(34.9048128, within(1e-6));
    assertThat(Displacements.of(SensorKind.TILT, Map.of("tilt_x_deg", 1.5), g)).isEmpty();
  }

  @Test
  void bothAxesAddAsAVector() {
    // Tilts whose sines are 0.003 and 0.004 give a resultant of 0.005 (3-4-5): 0.005 * 1000 mm * 2 m = 10 mm.
    InclinometerGeometry g = new InclinometerGeometry(2.0, 0, 0);
    double x = Math.toDegrees(Math.asin(0.003));
    double y = -Math.toDegrees(Math.asin(0.004)); // direction does not matter to the magnitude
    assertThat(g.displacementMm(x, y)).isCloseTo(10.0, within(1e-9));
    assertThat(g.displacementMm(0, 0)).isZero();
  }

  @Test
  void geometryIsChecked() {
    assertThatThrownBy(() -> new InclinometerGeometry(0, 0, 0)).hasMessageContaining("length");
    assertThatThrownBy(() -> new InclinometerGeometry(1, Double.NaN, 0)).hasMessageContaining("zero angles");
  }
}
