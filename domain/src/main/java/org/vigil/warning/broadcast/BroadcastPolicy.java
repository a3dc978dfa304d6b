package org.vigil.warning.broadcast;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.core.Level;

/**
 * Which loudspeakers a warning reaches, by level: how many levels above the warning's own region the broadcast
 * goes, every loudspeaker in that region and below it. The default: red reaches the village and its whole township
 * (one level up), orange the village, yellow none.
 *
 * @param levelsUp per level, the levels above the area's region; a level not listed is not broadcast
 */
public record BroadcastPolicy(Map<Level, Integer> levelsUp) {

  public BroadcastPolicy {
    levelsUp = Map.copyOf(levelsUp);
    levelsUp.forEach((l, n) -> {
      if (n < 0) {
        throw new IllegalArgumentException("levels up for " + l + " must be 0 or more, got " + n);
      }
    });
  }

  /** Red: the township; orange: the village. */
  public static BroadcastPolicy defaults() {
    Map<Level, Integer> m = new EnumMap<>(Level.class);
    m.put(Level.RED, 1);
    m.put(Level.ORANGE, 0);
    return new BroadcastPolicy(m);
  }

  /** The region whose loudspeakers a warning of this level for {@code areaRegion} reaches; empty: none. */
  public Optional<String> reach(String areaRegion, Level level, RegionTree tree) {
    Integer up = levelsUp.get(level);
    if (up == null) {
      return Optional.empty();
    }
    String r = areaRegion;
    for (int i = 0; i < up; i++) {
      Optional<String> p = tree.parent(r);
      if (p.isEmpty()) {
        break; // the root: as far as it goes
      }
      r = p.get();
    }
    return Optional.of(r);
  }

  /** The loudspeakers in {@code region} and below it. */
  public static List<Loudspeaker> within(String region, List<Loudspeaker> all, RegionTree tree) {
    return all.stream().filter(l -> tree.within(l.regionId(), region)).toList();
  }
}
