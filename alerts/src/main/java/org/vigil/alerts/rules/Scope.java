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
 *
 * @param sites site ids, sorted; empty: every site
 * @param kinds sensor kinds; empty: every kind that has the rule's metric
 * @param sensors sensor ids or glob patterns ({@code *} any run of characters, {@code ?} one character), sorted;
 *     empty: every sensor
 */
public record Scope(List<String> sites, Set<SensorKind> kinds, List<String> sensors) implements Serializable {

  /** Everything. */
  public static final Scope ALL = new Scope(List.of(), Set.of(), List.of());

  public Scope {
    sites = sorted(sites);
    sensors = sorted(sensors);
    kinds = kinds == null || kinds.isEmpty()
        ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
  }

  /** True when the reading's site, kind and sensor are in scope. */
  public boolean matches(SensorMetrics m) {
    return matches(m.site(), m.kind(), m.sensorId());
  }

  /** True when this site, kind and sensor are in scope. */
  public boolean matches(String site, SensorKind kind, String sensorId) {
    return (sites.isEmpty() || sites.contains(site))
        && (kinds.isEmpty() || kinds.contains(kind))
        && (sensors.isEmpty() || sensors.stream().anyMatch(p -> Globs.matches(p, sensorId)));
  }

  /** True when the site is in scope (site-level rules). */
  public boolean matchesSite(String site) {
    return sites.isEmpty() || sites.contains(site);
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
