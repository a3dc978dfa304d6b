package org.vigil.warning.cap;

import org.vigil.core.SensorKind;

/** What a public warning is about, with the CAP category it is filed under. */
public enum Hazard {
  /** Slope sensors and rain gauges (rainfall thresholds are landslide thresholds). */
  LANDSLIDE(Cap.Category.Geo),
  /** Water-level gauges. */
  FLOOD(Cap.Category.Met),
  /** Cameras' crowd analysis. */
  CROWD(Cap.Category.Safety),
  /** Anything else a rule judges. */
  OTHER(Cap.Category.Other);

  private final Cap.Category category;

  Hazard(Cap.Category category) {
    this.category = category;
  }

  public Cap.Category category() {
    return category;
  }

  /** The hazard of an alert's subject, {@code site/kind/id}: by the kind of the sensor or camera. */
  public static Hazard ofSubject(String subject) {
    String[] p = subject.split("/", 3);
    if (p.length < 2) {
      return OTHER;
    }
    if (p[1].equals("camera")) {
      return CROWD;
    }
    return SensorKind.fromWire(p[1]).map(k -> k == SensorKind.LEVEL ? FLOOD : LANDSLIDE).orElse(OTHER);
  }
}
