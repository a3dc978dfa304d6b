package org.vigil.registry;

import java.io.Serializable;
import java.util.Objects;

/**
 * One region of the command structure: a county, a township or a village (community).
 *
 * @param id unique across the registry, {@code [a-z0-9-]+}
 * @param name for people
 * @param level its level; a region's parent is one level above it
 * @param parent the parent region's id, empty for a county
 * @param code the administrative code, empty when not given
 * @param boundary the boundary as a GeoJSON geometry (Polygon or MultiPolygon), compact JSON; empty when not given
 */
public record Region(String id, String name, RegionLevel level, String parent, String code, String boundary)
    implements Serializable {

  public Region {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(level, "level");
    name = name == null ? id : name;
    parent = parent == null ? "" : parent;
    code = code == null ? "" : code;
    boundary = boundary == null ? "" : boundary;
  }
}
