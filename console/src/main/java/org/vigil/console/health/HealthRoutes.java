package org.vigil.console.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxException;
import org.vigil.console.http.InfluxAnswers;
import org.vigil.console.http.Json;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.auth.RegionTree;

/**
 * {@code GET /api/device-health} (viewer): the newest device health of each region in the user's region, from InfluxDB
 * {@code device_health} (scope {@code region}, written by the job every minute; points of the last two days):
 * {@code [{"region", "name", "level", "devices", "online", "onlineShare", "reportsToday", "expectedToday",
 * "shareToday", "reportsMonth", "expectedMonth", "shareMonth", "atMs"}]}, in registry order. A share is received ÷
 * expected, at most 1, and null while nothing is expected (as the job's). Regions the registry in force does not have
 * are left out for users with a region.
 */
public final class HealthRoutes {

  private final InfluxClient influx;
  private final String database;
  private final Access access;

  public HealthRoutes(InfluxClient influx, String database, Access access) {
    this.influx = influx;
    this.database = database;
    this.access = access;
  }

  public void routing(Javalin app) {
    app.get("/api/device-health", this::regions);
  }

  private void regions(Context ctx) throws InterruptedException {
    User u = access.require(ctx, Role.VIEWER, "read");
    JsonNode r;
    try {
      r = influx.query(database, "SELECT devices, online, reports_today, expected_today, reports_month, "
          + "expected_month FROM device_health WHERE scope = 'region' AND time > now() - 2d GROUP BY id "
          + "ORDER BY time DESC LIMIT 1");
    } catch (InfluxException e) {
      throw InfluxAnswers.unavailable(e, database, influx.username());
    }
    RegionTree tree = access.duty().tree();
    ArrayNode out = Json.MAPPER.createArrayNode();
    java.util.Map<String, ObjectNode> byRegion = new java.util.LinkedHashMap<>();
    for (JsonNode s : r.path("results").path(0).path("series")) {
      String id = s.path("tags").path("id").asText();
      if (!access.duty().covers(u, id) || (!u.region().isEmpty() && !tree.hasRegion(id))) {
        continue;
      }
      JsonNode cols = s.path("columns");
      JsonNode v = s.path("values").path(0);
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("region", id).put("name", tree.name(id)).put("level", tree.level(id));
      long devices = col(cols, v, "devices");
      long online = col(cols, v, "online");
      long rt = col(cols, v, "reports_today");
      long et = col(cols, v, "expected_today");
      long rm = col(cols, v, "reports_month");
      long em = col(cols, v, "expected_month");
      n.put("devices", devices).put("online", online);
      n.put("onlineShare", devices == 0 ? 1.0 : (double) online / devices);
      n.put("reportsToday", rt).put("expectedToday", et);
      share(n, "shareToday", rt, et);
      n.put("reportsMonth", rm).put("expectedMonth", em);
      share(n, "shareMonth", rm, em);
      n.put("atMs", v.path(0).asLong());
      byRegion.put(id, n);
    }
    for (String id : tree.regionsWithin(u.region())) {
      ObjectNode n = byRegion.remove(id);
      if (n != null) {
        out.add(n);
      }
    }
    byRegion.values().forEach(out::add);
    ctx.contentType("application/json").result(out.toString());
  }

  private static void share(ObjectNode n, String field, long received, long expected) {
    if (expected == 0) {
      n.putNull(field);
    } else {
      n.put(field, Math.min(1.0, (double) received / expected));
    }
  }

  private static long col(JsonNode columns, JsonNode values, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).asText().equals(name)) {
        return values.path(i).asLong(0);
      }
    }
    return 0;
  }
}
