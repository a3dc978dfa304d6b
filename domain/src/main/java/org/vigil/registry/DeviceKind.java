package org.vigil.registry;

import java.util.Locale;
import java.util.Optional;
import org.vigil.core.SensorKind;

/**
 * What a registered device is: one of the field sensors ({@link SensorKind}, reporting readings on
 * {@code vigil/{site}/{kind}/{id}/data}) or a camera (sending frames on {@code vigil/{site}/camera/{id}/frame}). The
 * wire name is the topic's kind level, so a device's subject ({@code site/kind/id}) is that of its readings, frames
 * and alerts.
 */
public enum DeviceKind {
  RAIN(SensorKind.RAIN),
  TILT(SensorKind.TILT),
  GNSS(SensorKind.GNSS),
  CRACK(SensorKind.CRACK),
  PORE(SensorKind.PORE),
  LEVEL(SensorKind.LEVEL),
  /** A camera whose frames the crowd analysis reads. */
  CAMERA(null);

  private final SensorKind sensor;

  DeviceKind(SensorKind sensor) {
    this.sensor = sensor;
  }

  /** The sensor kind of its readings; empty for a camera. */
  public Optional<SensorKind> sensorKind() {
    return Optional.ofNullable(sensor);
  }

  /** Lower-case name, the topic's kind level. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DeviceKind> fromWire(String s) {
    for (DeviceKind k : values()) {
      if (k.wireName().equals(s)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
