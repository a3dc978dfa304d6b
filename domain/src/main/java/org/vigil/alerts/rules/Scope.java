package org.vigil.alerts.rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.vigil.core.Globs;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/**
 * Which subjects a rule judges. Empty lists and sets mean "all" (written {@code "*"} or left out in the file).
 * Sensor rules use {@code sites}, {@code kinds} and {@code sensors}; crowd rules use {@code sites}, {@code cameras},
 * {@code zones} and {@code lines}.
 *
 * @param sites site ids, sorted; empty: every site
 * @param kinds sensor kinds; empty: every kind that has the rule's metric
 * @param sensors sensor ids or glob patterns ({@code *} any run of characters, {@code ?} one character), sorted;
 *     empty: every sensor
 * @param cameras crowd rules: camera ids or globs, sorted; empty: every camera
 * @param zones crowd rules: zone ids or globs, sorted; empty: every zone
 * @param lines crowd rules: counting-line ids or globs, sorted; empty: every line
 */
public record Scope(List<String> sites, Set<SensorKind> kinds, List<String> sensors, List<String> cameras,
    List<String> zones, List<String> lines) implements Serializable {

  /** Everything. */
  public static final Scope ALL = new Scope(List.of(), Set.of(), List.of());

  public Scope {
    sites = sorted(sites);
    sensors = sorted(sensors);
    cameras = sorted(cameras);
    zones = sorted(zones);
    lines = sorted(lines);
    kinds = kinds == null || kinds.isEmpty()
        ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
  }

  /** A sensor scope. */
  public Scope(List<String> sites, Set<SensorKind> kinds, List<String> sensors) {
    this(sites, kinds, sensors, List.of(), List.of(), List.of());
  }

  /** True when the reading's site, kind and sensor are in scope. */
  public boolean matches(SensorMetrics m) {
    return matches(m.site(), m.kind(), m.sensorId());
  }

  /** True when this site, kind and sensor are in scope. */
  public boolean matches(String site, SensorKind kind, String sensorId) {
    return (sites.isEmpty() || sites.contains(site))
        && (kinds.isEmpty() || kinds.contains(kind))
        && any(sensors, sensorId);
  }

  /** True when the site is in scope (site-level rules). */
  public boolean matchesSite(String site) {
    return sites.isEmpty() || sites.contains(site);
  }

  /** Crowd rules: true when this camera (and zone or line, when not null) is in scope. */
  public boolean matchesCamera(String site, String cameraId, String zoneId, String lineId) {
    return matchesSite(site) && any(cameras, cameraId) && (zoneId == null || any(zones, zoneId))
        && (lineId == null || any(lines, lineId));
  }

  /** True when any crowd field (cameras, zones, lines) is given. */
  public boolean hasCrowdFields() {
    return !cameras.isEmpty() || !zones.isEmpty() || !lines.isEmpty();
  }

  private static boolean any(List<String> globs, String value) {
    return globs.isEmpty() || globs.stream().anyMatch(p -> Globs.matches(p, value));
  }

  /**
   * As the record prints, without the crowd fields while they are empty: rule fingerprints hash this text, so sensor
   * rules keep the fingerprints (and the state kept under them) they had before crowd scopes existed.
   */
  @Override
  public String toString() {
    String base = "Scope[sites=" + sites + ", kinds=" + kinds + ", sensors=" + sensors;
    return hasCrowdFields() ? base + ", cameras=" + cameras + ", zones=" + zones + ", lines=" + lines + "]"
        : base + "]";
  }

  private static List<String> sorted(List<String> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(in);
    Collections.sort(out);
    return List.copyOf(out);
  }
}
