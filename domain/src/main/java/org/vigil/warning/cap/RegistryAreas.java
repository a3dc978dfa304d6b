package org.vigil.warning.cap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.vigil.registry.Region;
import org.vigil.registry.Registry;
import org.vigil.registry.Site;

/**
 * Warning areas from the registry: a site's warnings cover the region it stands in (its village), named
 * "{village} ({site})", with the village's boundary as CAP polygons and its administrative code as a geocode
 * ({@code ADM-CODE}); a region is its own area. GeoJSON writes longitude first and may hold holes and several
 * polygons; CAP writes latitude first and has no holes, so each polygon's outer ring becomes one CAP polygon.
 * A site or region the registry does not know is named by its id.
 */
public final class RegistryAreas implements WarningAreas {

  /** The geocode name of a region's administrative code. */
  public static final String ADMIN_CODE = "ADM-CODE";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Registry registry;

  public RegistryAreas(Registry registry) {
    this.registry = registry;
  }

  @Override
  public CapArea site(String siteId) {
    Site s = registry.sites().get(siteId);
    if (s == null) {
      return CapArea.named(siteId);
    }
    Region r = registry.regions().get(s.region());
    if (r == null) {
      return CapArea.named(s.name());
    }
    return area(r, r.name() + " (" + s.name() + ")");
  }

  @Override
  public CapArea region(String regionId) {
    Region r = registry.regions().get(regionId);
    return r == null ? CapArea.named(regionId) : area(r, r.name());
  }

  private static CapArea area(Region r, String description) {
    List<CapArea.Geocode> codes = r.code().isEmpty() ? List.of() : List.of(new CapArea.Geocode(ADMIN_CODE, r.code()));
    return new CapArea(description, polygons(r.boundary()), codes);
  }

  /** The outer rings of a GeoJSON Polygon or MultiPolygon as CAP polygons ({@code [lat, lon]} points). */
  static List<List<double[]>> polygons(String geoJson) {
    List<List<double[]>> out = new ArrayList<>();
    if (geoJson == null || geoJson.isEmpty()) {
      return out;
    }
    JsonNode g;
    try {
      g = JSON.readTree(geoJson);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("a region boundary is not JSON: " + e.getMessage(), e);
    }
    JsonNode coords = g.path("coordinates");
    if ("Polygon".equals(g.path("type").asText())) {
      out.add(ring(coords.get(0)));
    } else if ("MultiPolygon".equals(g.path("type").asText())) {
      for (JsonNode polygon : coords) {
        out.add(ring(polygon.get(0)));
      }
    }
    return out;
  }

  private static List<double[]> ring(JsonNode ring) {
    List<double[]> points = new ArrayList<>();
    for (JsonNode p : ring) {
      points.add(new double[] {p.get(1).asDouble(), p.get(0).asDouble()});
    }
    return points;
  }
}
