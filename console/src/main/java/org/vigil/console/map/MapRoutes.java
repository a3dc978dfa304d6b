package org.vigil.console.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.Duty;
import org.vigil.console.auth.RegionTree;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.Json;
import org.vigil.registry.Device;
import org.vigil.registry.Region;
import org.vigil.registry.Registry;
import org.vigil.registry.Site;

/**
 * The county map's data, from the registry in force, scoped to the user's ground like every other API:
 * <ul>
 *   <li>{@code GET /api/map} (viewer): {@code {"version", "region": the user's region or "*", "regions": [{"id",
 *       "name", "level", "parent": id or null, "boundary": GeoJSON Polygon/MultiPolygon (lon, lat) or null}],
 *       "sites": [{"id", "name", "region", "lat", "lon", "devices": count}]}}, regions in registry order. Levels
 *       of risk are not in it: the page takes them from {@code /api/state} and the live stream, so this answer
 *       changes only with the registry (it is built once per registry version and ground).</li>
 *   <li>{@code GET /api/map/sites/{site}} (viewer, the site in the ground, else 403): one site with its region
 *       chain and its devices {@code [{"subject", "kind", "id", "intervalS"}]}.</li>
 * </ul>
 */
public final class MapRoutes {

  private final Access access;
  private final Map<String, String> cache = new ConcurrentHashMap<>();
  private volatile RegionTree cachedFor;

  public MapRoutes(Access access) {
    this.access = access;
  }

  public void routing(Javalin app) {
    app.get("/api/map", this::map);
    app.get("/api/map/sites/{site}", this::site);
  }

  private void map(Context ctx) {
    User u = access.require(ctx, Role.VIEWER, "read");
    RegionTree tree = access.duty().tree();
    if (cachedFor != tree) {
      cache.clear();
      cachedFor = tree;
    }
    ctx.contentType("application/json").result(cache.computeIfAbsent(u.region(), r -> build(tree, u)));
  }

  /** The map of {@code u}'s ground in {@code tree}, as JSON text. */
  static String build(RegionTree tree, User u) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("version", tree.version()).put("region", Duty.regionLabel(u));
    ArrayNode regions = out.putArray("regions");
    ArrayNode sites = out.putArray("sites");
    Registry reg = tree.registry();
    if (reg == null) {
      return out.toString();
    }
    for (String id : tree.regionsWithin(u.region())) {
      Region r = reg.regions().get(id);
      ObjectNode n = regions.addObject().put("id", id).put("name", r.name()).put("level", r.level().wireName());
      if (r.parent().isEmpty()) {
        n.putNull("parent");
      } else {
        n.put("parent", r.parent());
      }
      n.set("boundary", boundary(r.boundary()));
    }
    Map<String, Integer> devices = new java.util.HashMap<>();
    for (Device d : reg.devices().values()) {
      devices.merge(d.site(), 1, Integer::sum);
    }
    for (Site s : reg.sites().values()) {
      if (!tree.siteWithin(u.region(), s.id())) {
        continue;
      }
      ObjectNode n = sites.addObject().put("id", s.id()).put("name", s.name()).put("region", s.region());
      coordinate(n, "lat", s.lat());
      coordinate(n, "lon", s.lon());
      n.put("devices", devices.getOrDefault(s.id(), 0));
    }
    return out.toString();
  }

  private void site(Context ctx) {
    User u = access.require(ctx, Role.VIEWER, "read");
    String id = ctx.pathParam("site");
    access.requireSite(ctx, u, "read", id, id);
    RegionTree tree = access.duty().tree();
    Registry reg = tree.registry();
    Site s = reg == null ? null : reg.sites().get(id);
    if (s == null) {
      throw new ApiException(404, "site " + id + " is not in the registry in force");
    }
    ObjectNode n = Json.MAPPER.createObjectNode().put("id", s.id()).put("name", s.name()).put("region", s.region());
    coordinate(n, "lat", s.lat());
    coordinate(n, "lon", s.lon());
    n.put("peopleThreatened", s.peopleThreatened());
    ArrayNode chain = n.putArray("regions");
    for (Region r : reg.chain(s.region())) {
      chain.addObject().put("id", r.id()).put("name", r.name()).put("level", r.level().wireName());
    }
    ArrayNode devs = n.putArray("devices");
    for (Device d : reg.devices().values()) {
      if (d.site().equals(id)) {
        devs.addObject().put("subject", d.subject()).put("kind", d.kind().wireName()).put("id", d.id())
            .put("intervalS", d.interval().toSeconds());
      }
    }
    ctx.contentType("application/json").result(n.toString());
  }

  private static JsonNode boundary(String geojson) {
    if (geojson == null || geojson.isEmpty()) {
      return Json.MAPPER.nullNode();
    }
    try {
      return Json.MAPPER.readTree(geojson);
    } catch (IOException e) {
      return Json.MAPPER.nullNode();
    }
  }

  private static void coordinate(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }
}
