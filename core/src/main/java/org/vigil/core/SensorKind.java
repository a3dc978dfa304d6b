package org.vigil.core;

import java.util.Locale;
import java.util.Optional;

/** The kinds of field sensor that publish readings on {@code vigil/{site}/{kind}/{sensorId}/data}. */
public enum SensorKind {
  /** Tipping-bucket rain gauge; field {@code rain_mm} per report interval. */
  RAIN,
  /** Inclinometer / tiltmeter; fields {@code tilt_x_deg}, {@code tilt_y_deg}. */
  TILT,
  /** GNSS displacement station; field {@code disp_mm}. */
  GNSS,
  /** Crack meter; field {@code crack_mm}. */
  CRACK,
  /** Piezometer; field {@code pore_kpa}. */
  PORE,
  /** Water-level gauge; field {@code level_m}. */
  LEVEL;

  /** Lower-case name used in topics and as the InfluxDB measurement. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SensorKind> fromWire(String s) {
    for (SensorKind k : values()) {
      if (k.wireName().equals(s)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
