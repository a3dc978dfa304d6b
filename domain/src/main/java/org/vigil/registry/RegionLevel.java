package org.vigil.registry;

import java.util.Locale;
import java.util.Optional;

/** The levels of a county's command structure, top first: a region's parent is one level above it. */
public enum RegionLevel {
  COUNTY,
  TOWNSHIP,
  VILLAGE;

  /** Lower-case name used in the registry file, topics and tags ({@code "township"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level of a wire name; {@code community} is read as {@link #VILLAGE}. */
  public static Optional<RegionLevel> fromWire(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String n = s.strip().toLowerCase(Locale.ROOT);
    if (n.equals("community")) {
      return Optional.of(VILLAGE);
    }
    for (RegionLevel l : values()) {
      if (l.wireName().equals(n)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
