package org.vigil.console.warnings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.Json;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.auth.Duty;
import org.vigil.console.auth.RegionTree;
import org.vigil.console.control.ControlPublishException;
import org.vigil.console.control.ControlPublisher;
import org.vigil.core.topics.Topics;

/**
 * Warnings issued and lifted by hand, and the loudspeakers' coverage of the warnings in force.
 *
 * <ul>
 *   <li>{@code POST /api/warnings} {@code {"region", "hazard", "level", "description"}} (operator): a warning for a
 *       region in the user's region; published as a request (QoS 1, not retained) on
 *       {@code vigil/control/warning/<the console's MQTT identity>}; the job issues the CAP chain and broadcasts it.
 *       202 with the request; 400 for an unknown region, hazard or level, 403 for a region outside the user's.</li>
 *   <li>{@code POST /api/warnings/{incident}/lift} {@code {"description"}} (operator): lifts an incident in force
 *       whose regions all lie in the user's region (404 when it is not in force, 403 otherwise).</li>
 *   <li>{@code GET /api/broadcasts} (viewer): each incident's loudspeaker coverage, for a user with a region only
 *       its part in that region (regions, counts summed over them, failures).</li>
 * </ul>
 * Every request, refused or not, is audited with the user's and the target's region.
 */
public final class WarningRequestRoutes {

  /** The hazards of a request (the contract's). */
  public static final Set<String> HAZARDS = Set.of("landslide", "flood", "crowd", "other");
  /** The levels of a request. */
  public static final Set<String> LEVELS = Set.of("yellow", "orange", "red");
  /** Longest description. */
  public static final int MAX_DESCRIPTION = 1000;

  private static final Pattern MANUAL = Pattern.compile("manual_([a-z0-9][a-z0-9-]*)_\\d+\\.\\d+");

  private final WarningBoard warnings;
  private final BroadcastBoard broadcasts;
  private final Access access;
  private final ControlPublisher publisher;
  private final Clock clock;
  private final String identity;

  /** @param identity the console's MQTT identity, the last level of its request topic */
  public WarningRequestRoutes(WarningBoard warnings, BroadcastBoard broadcasts, Access access,
      ControlPublisher publisher, Clock clock, String identity) {
    this.warnings = warnings;
    this.broadcasts = broadcasts;
    this.access = access;
    this.publisher = publisher;
    this.clock = clock;
    this.identity = identity;
  }

  /** The topic requests go to. */
  public String topic() {
    return Topics.WARNING_REQUESTS + "/" + identity;
  }

  public void routing(Javalin app) {
    app.post("/api/warnings", this::issue);
    app.post("/api/warnings/{incident}/lift", this::lift);
    app.get("/api/broadcasts", this::list);
  }

  private void issue(Context ctx) {
    User u = access.require(ctx, Role.OPERATOR, "warning.issue");
    JsonNode body = Json.body(ctx);
    String region = field(ctx, u, "warning.issue", body, "region", "");
    RegionTree tree = access.duty().tree();
    if (!region.matches("[a-z0-9][a-z0-9-]{0,127}") || !tree.hasRegion(region)) {
      invalid(ctx, u, "warning.issue", region, "unknown region '" + cut(region) + "': the registry in force (version "
          + tree.version() + ") has no such region");
    }
    access.requireRegion(ctx, u, "warning.issue", region, region);
    String hazard = field(ctx, u, "warning.issue", body, "hazard", region);
    if (!HAZARDS.contains(hazard)) {
      invalid(ctx, u, "warning.issue", region, "hazard must be one of landslide, flood, crowd, other; not '"
          + cut(hazard) + "'");
    }
    String level = field(ctx, u, "warning.issue", body, "level", region);
    if (!LEVELS.contains(level)) {
      invalid(ctx, u, "warning.issue", region, "level must be yellow, orange or red; not '" + cut(level) + "'");
    }
    String description = description(ctx, u, "warning.issue", body, region);
    ObjectNode req = request("issue", region, hazard, level, description, u, tree);
    publish(ctx, u, "warning.issue", region, req);
    access.record(ctx, u, "warning.issue", "ok", req.get("request").asText(), region, level + " " + hazard
        + (description.isEmpty() ? "" : ": " + description));
    ctx.status(202).contentType("application/json").result(req.toString());
  }

  private void lift(Context ctx) {
    User u = access.require(ctx, Role.OPERATOR, "warning.lift");
    String incident = ctx.pathParam("incident");
    JsonNode body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.body(ctx);
    OffsetDateTime now = OffsetDateTime.now(clock);
    Optional<WarningBoard.Warning> w = warnings.incident(incident);
    if (w.isEmpty() || !w.get().inForce(now)) {
      access.record(ctx, u, "warning.lift", "invalid", incident, "", "no warning in force");
      throw new ApiException(404, "no public warning in force with incident '" + cut(incident) + "'");
    }
    RegionTree tree = access.duty().tree();
    List<String> regions = regionsOf(incident, tree);
    if (regions.isEmpty()) {
      access.record(ctx, u, "warning.lift", "refused", incident, "", "the incident's regions are not known");
      throw new ApiException(409, "the regions of incident " + incident + " are not known to the console (no "
          + "broadcast coverage, no administrative code of the registry in force): it cannot tell whose it is");
    }
    for (String r : regions) {
      access.requireRegion(ctx, u, "warning.lift", r, incident);
    }
    String description = description(ctx, u, "warning.lift", body, regions.get(0));
    String level = broadcasts.incident(incident).map(BroadcastBoard.Coverage::level).orElse(
        switch (w.get().severity()) {
          case "Extreme" -> "red";
          case "Severe" -> "orange";
          default -> "yellow";
        });
    String hazard = body.hasNonNull("hazard") && HAZARDS.contains(body.get("hazard").asText())
        ? body.get("hazard").asText() : "other";
    ObjectNode req = request("lift", regions.get(0), hazard, level, description, u, tree);
    req.put("incident", incident);
    publish(ctx, u, "warning.lift", regions.get(0), req);
    access.record(ctx, u, "warning.lift", "ok", incident, String.join(",", regions),
        description.isEmpty() ? "" : description);
    ctx.status(202).contentType("application/json").result(req.toString());
  }

  /** The regions an incident covers ({@link #regionsOf(String, WarningBoard, BroadcastBoard, RegionTree)}). */
  List<String> regionsOf(String incident, RegionTree tree) {
    return regionsOf(incident, warnings, broadcasts, tree);
  }

  /**
   * The regions an incident covers: those of its broadcast coverage, else the regions of its CAP areas'
   * administrative codes, else the region in a hand-issued identifier ({@code manual_<region>_<seconds>.<n>}); empty
   * when none is known.
   */
  public static List<String> regionsOf(String incident, WarningBoard warnings, BroadcastBoard broadcasts,
      RegionTree tree) {
    Optional<BroadcastBoard.Coverage> c = broadcasts.incident(incident);
    if (c.isPresent() && !c.get().regions().isEmpty()) {
      return c.get().regions();
    }
    List<String> out = new ArrayList<>();
    warnings.incident(incident).ifPresent(w -> w.adminCodes().forEach(code -> {
      String r = tree.regionOfCode(code);
      if (r != null && !out.contains(r)) {
        out.add(r);
      }
    }));
    if (out.isEmpty()) {
      Matcher m = MANUAL.matcher(incident);
      if (m.matches() && tree.hasRegion(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private void list(Context ctx) {
    User u = access.require(ctx, Role.VIEWER, "read");
    Duty duty = access.duty();
    OffsetDateTime now = OffsetDateTime.now(clock);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (BroadcastBoard.Coverage c : broadcasts.all()) {
      boolean whole = u.region().isEmpty();
      if (!whole && c.regions().stream().noneMatch(r -> duty.overlaps(u, r))
          && c.byRegion().keySet().stream().noneMatch(r -> duty.covers(u, r))) {
        continue;
      }
      ObjectNode n = BroadcastBoard.view(c, whole, r -> duty.covers(u, r));
      Optional<WarningBoard.Warning> w = warnings.incident(c.incident());
      n.put("inForce", w.isPresent() && w.get().inForce(now) && !c.msgType().equals("Cancel"));
      n.put("headline", w.map(WarningBoard.Warning::headline).orElse(""));
      out.add(n);
    }
    ctx.contentType("application/json").result(out.toString());
  }

  private ObjectNode request(String action, String region, String hazard, String level, String description, User u,
      RegionTree tree) {
    ObjectNode req = Json.MAPPER.createObjectNode();
    req.put("request", UUID.randomUUID().toString());
    req.put("action", action);
    req.put("region", region);
    req.put("hazard", hazard);
    req.put("level", level);
    req.put("description", description);
    req.put("operator", u.name());
    req.put("operatorRegion", operatorRegion(u, region, tree));
    req.put("requestedAtMs", clock.millis());
    return req;
  }

  /** The operator's own region; for a user of the whole county, the county above the target region. */
  public static String operatorRegion(User u, String region, RegionTree tree) {
    if (!u.region().isEmpty()) {
      return u.region();
    }
    String top = region;
    for (String r = region; r != null && tree.hasRegion(r); r = tree.parentOf(r)) {
      top = r;
    }
    return top;
  }

  private void publish(Context ctx, User u, String action, String region, ObjectNode req) {
    try {
      publisher.publish(topic(), req.toString().getBytes(StandardCharsets.UTF_8), false);
    } catch (ControlPublishException e) {
      access.record(ctx, u, action, "failed", req.path("request").asText(), region, e.getMessage());
      throw new ApiException(503, "the broker did not take it: " + e.getMessage());
    }
  }

  private String field(Context ctx, User u, String action, JsonNode body, String name, String region) {
    JsonNode v = body.get(name);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      invalid(ctx, u, action, region, "'" + name + "' is missing or not a text");
    }
    return v.asText().strip();
  }

  private String description(Context ctx, User u, String action, JsonNode body, String region) {
    JsonNode d = body.get("description");
    if (d == null || d.isNull()) {
      return "";
    }
    if (!d.isTextual()) {
      invalid(ctx, u, action, region, "'description' must be a text");
    }
    if (d.asText().length() > MAX_DESCRIPTION) {
      invalid(ctx, u, action, region, "'description' is longer than " + MAX_DESCRIPTION + " characters");
    }
    return d.asText().strip();
  }

  private void invalid(Context ctx, User u, String action, String region, String why) {
    access.record(ctx, u, action, "invalid", "", region, why);
    throw ApiException.badRequest(why);
  }

  private static String cut(String s) {
    String c = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return c.replaceAll("\\p{Cntrl}", "?");
  }
}
