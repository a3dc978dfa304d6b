package org.vigil.warning.broadcast;

import java.util.Map;
import java.util.Optional;

/** The regions as a tree (county, township, village): what broadcast targeting needs of the registry. */
public interface RegionTree {

  /** The region's parent; empty for the root or an unknown region. */
  Optional<String> parent(String regionId);

  /** True when {@code regionId} is {@code ancestorId} or lies below it. */
  default boolean within(String regionId, String ancestorId) {
    for (Optional<String> r = Optional.of(regionId); r.isPresent(); r = parent(r.get())) {
      if (r.get().equals(ancestorId)) {
        return true;
      }
    }
    return false;
  }

  /** A tree given as child to parent. */
  static RegionTree of(Map<String, String> parentOf) {
    Map<String, String> copy = Map.copyOf(parentOf);
    return id -> Optional.ofNullable(copy.get(id));
  }
}
