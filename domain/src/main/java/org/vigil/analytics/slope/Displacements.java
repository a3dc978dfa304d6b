package org.vigil.analytics.slope;

import java.util.Map;
import java.util.OptionalDouble;
import org.vigil.core.SensorKind;

/**
 * The displacement, mm, that a slope sensor's reading stands for: GNSS {@code disp_mm} and crack meter
 * {@code crack_mm} as they are; an inclinometer's {@code tilt_x_deg}/{@code tilt_y_deg} through its configured
 * {@link InclinometerGeometry}, and nothing when none is configured. Other kinds, missing or non-finite fields give
 * empty.
 */
public final class Displacements {

  private Displacements() {}

  public static OptionalDouble of(SensorKind kind, Map<String, Double> values, InclinometerGeometry geometryOrNull) {
    if (kind == null || values == null) {
      return OptionalDouble.empty();
    }
    switch (kind) {
      case GNSS:
        return finite(values.get("disp_mm"));
      case CRACK:
        return finite(values.get("crack_mm"));
      case TILT:
        Double x = values.get("tilt_x_deg");
        Double y = values.get("tilt_y_deg");
        if (geometryOrNull == null || x == null || y == null || !Double.isFinite(x) || !Double.isFinite(y)) {
          return OptionalDouble.empty();
        }
        return OptionalDouble.of(geometryOrNull.displacementMm(x, y));
      default:
        return OptionalDouble.empty();
    }
  }

  private static OptionalDouble finite(Double v) {
    return v == null || !Double.isFinite(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
