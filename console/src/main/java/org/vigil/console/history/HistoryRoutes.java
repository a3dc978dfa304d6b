package org.vigil.console.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.vigil.alerts.rules.LevelBand;
import org.vigil.alerts.rules.Condition;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.InfluxAnswers;
import org.vigil.console.http.Json;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.Role;
import org.vigil.core.SensorKind;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxException;

/**
 * {@code GET /api/history?site=&kind=&sensor=&hours=} (viewer): a sensor's derived series from InfluxDB
 * {@code derived} over the last hours (1 to 720), averaged into at most about 400 buckets per series, the newest
 * inverse-velocity failure forecast, and the threshold rules in force for the sensor (their metric and each level's
 * raise value), so that the page draws accumulations against thresholds and marks the forecast:
 * {@code {"series": {"rain_1h": [[ms, v], ...]}, "forecastFailureAt": ms|null, "thresholds": [{"rule", "metric",
 * "levels": [{"level", "raise"}]}]}}.
 */
public final class HistoryRoutes {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final InfluxClient influx;
  private final String database;
  private final Access access;
  private final Supplier<RuleSet> rules;

  /**
   * @param rules the ruleset in force (the retained one, else the start-up rules); may return null
   */
  public HistoryRoutes(InfluxClient influx, String database, Access access, Supplier<RuleSet> rules) {
    this.influx = influx;
    this.database = database;
    this.access = access;
    this.rules = rules;
  }

  public void routing(Javalin app) {
    app.get("/api/history", this::history);
  }

  private void history(Context ctx) throws InterruptedException {
    org.vigil.console.auth.User u = access.require(ctx, Role.VIEWER, "read");
    String site = id(ctx, "site");
    access.requireSite(ctx, u, "history.read", site, site);
    String sensor = id(ctx, "sensor");
    String kindName = id(ctx, "kind");
    SensorKind kind = SensorKind.fromWire(kindName)
        .orElseThrow(() -> ApiException.badRequest("kind '" + kindName + "' is not a sensor kind"));
    int hours = 6;
    String h = ctx.queryParam("hours");
    if (h != null) {
      try {
        hours = Integer.parseInt(h);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("hours must be a whole number, got '" + h + "'");
      }
      if (hours < 1 || hours > 720) {
        throw ApiException.badRequest("hours must be 1..720");
      }
    }
    long bucketS = Math.max(10, hours * 3600L / 400);
    String where = "site = '" + site + "' AND sensor = '" + sensor + "' AND time > now() - " + hours + "h";
    ObjectNode out = Json.MAPPER.createObjectNode();
    ObjectNode series = out.putObject("series");
    try {
      JsonNode r = influx.query(database, "SELECT mean(value) FROM derived WHERE " + where + " AND metric != '"
          + "forecast_failure_ts' GROUP BY time(" + bucketS + "s), metric fill(none)");
      for (JsonNode s : r.path("results").path(0).path("series")) {
        ArrayNode points = series.putArray(s.path("tags").path("metric").asText());
        for (JsonNode v : s.path("values")) {
          if (!v.get(1).isNull()) {
            points.addArray().add(v.get(0).asLong()).add(v.get(1).asDouble());
          }
        }
      }
      JsonNode f = influx.query(database, "SELECT last(value) FROM derived WHERE " + where
          + " AND metric = 'forecast_failure_ts'");
      JsonNode fv = f.path("results").path(0).path("series").path(0).path("values").path(0).path(1);
      if (fv.isNumber()) {
        out.put("forecastFailureAt", fv.asLong());
      } else {
        out.putNull("forecastFailureAt");
      }
    } catch (InfluxException e) {
      throw InfluxAnswers.unavailable(e, database, influx.username());
    }
    ArrayNode thresholds = out.putArray("thresholds");
    RuleSet rs = rules.get();
    if (rs != null) {
      for (RuleDef d : rs.rules()) {
        if (d.condition() instanceof Condition.Threshold && !d.metric().isEmpty()
            && d.scope().matches(site, kind, sensor)) {
          ObjectNode t = thresholds.addObject().put("rule", d.id()).put("metric", d.metric());
          ArrayNode levels = t.putArray("levels");
          for (LevelBand b : d.levels()) {
            levels.addObject().put("level", b.level().wireName()).put("raise", b.raise());
          }
        }
      }
    }
    ctx.contentType("application/json").result(out.toString());
  }

  private static String id(Context ctx, String param) {
    String v = ctx.queryParam(param);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest("'" + param + "' is missing");
    }
    if (!ID.matcher(v).matches()) {
      throw ApiException.badRequest("'" + param + "' must be 1-64 characters of letters, digits, _ and -");
    }
    return v;
  }
}
