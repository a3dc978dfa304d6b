package org.vigil.console.modes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.vigil.alerts.rules.Mode;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.RegionTree;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.control.ControlPublishException;
import org.vigil.console.control.ControlPublisher;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.Json;
import org.vigil.console.warnings.WarningRequestRoutes;
import org.vigil.core.topics.Topics;

/**
 * Command modes (daily, holiday, emergency) per region.
 *
 * <ul>
 *   <li>{@code GET /api/modes} (viewer): {@code {"modes": [entry...], "canSwitch": [region...]}}, the regions of the
 *       user's subtree (all for a county user) with their own and effective modes ({@link ModeBoard#entry}), and the
 *       regions the user may switch (operators and engineers: their subtree; viewers: none).</li>
 *   <li>{@code POST /api/modes} {@code {"region", "mode", "reason"}} (operator or engineer, region inside their
 *       subtree): published as a request (QoS 1, not retained) on {@code vigil/control/mode/<the console's MQTT
 *       identity>}; the job checks it again, switches the region and publishes the mode on {@code vigil/mode/<region>}.
 *       202 {@code {"request"}}; 400 for an unknown region, a bad mode, an empty reason or one longer than 200
 *       characters; 403 for a viewer or a region outside the user's. {@code inherit} as the mode drops the region's
 *       own mode (it then has its parent's).</li>
 * </ul>
 * Every request, refused or not, is audited (action {@code mode.switch}) with the user's and the target's region.
 */
public final class ModeRoutes {

  private static final String ACTION = "mode.switch";

  private final ModeBoard board;
  private final Access access;
  private final ControlPublisher publisher;
  private final Clock clock;
  private final String identity;

  /** @param identity the console's MQTT identity, the last level of its request topic */
  public ModeRoutes(ModeBoard board, Access access, ControlPublisher publisher, Clock clock, String identity) {
    this.board = board;
    this.access = access;
    this.publisher = publisher;
    this.clock = clock;
    this.identity = identity;
  }

  /** The topic requests go to. */
  public String topic() {
    return Topics.MODE_REQUESTS + "/" + identity;
  }

  public void routing(Javalin app) {
    app.get("/api/modes", this::list);
    app.post("/api/modes", this::switchMode);
  }

  private void list(Context ctx) {
    User u = access.require(ctx, Role.VIEWER, "read");
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode modes = out.putArray("modes");
    board.entries(u.region()).forEach(modes::add);
    ArrayNode can = out.putArray("canSwitch");
    if (u.role().allows(Role.OPERATOR)) {
      access.duty().tree().regionsWithin(u.region()).forEach(can::add);
    }
    ctx.contentType("application/json").result(out.toString());
  }

  private void switchMode(Context ctx) {
    User u = access.require(ctx, Role.OPERATOR, ACTION);
    JsonNode body = Json.body(ctx);
    String region = text(ctx, u, body, "region", "");
    RegionTree tree = access.duty().tree();
    if (!region.matches("[A-Za-z0-9_-]{1,128}") || !tree.hasRegion(region)) {
      invalid(ctx, u, region, "unknown region '" + cut(region) + "': the registry in force (version "
          + tree.version() + ") has no such region");
    }
    access.requireRegion(ctx, u, ACTION, region, region);
    String mode = text(ctx, u, body, "mode", region);
    if (Mode.fromWire(mode) == null && !"inherit".equals(mode)) {
      invalid(ctx, u, region, "mode must be daily, holiday or emergency (or inherit); not '" + cut(mode) + "'");
    }
    String reason = text(ctx, u, body, "reason", region);
    if (reason.length() > 200) {
      invalid(ctx, u, region, "'reason' is longer than 200 characters");
    }
    ObjectNode req = Json.MAPPER.createObjectNode();
    req.put("request", UUID.randomUUID().toString());
    req.put("region", region);
    req.put("mode", "inherit".equals(mode) ? mode : Mode.fromWire(mode).wireName());
    req.put("reason", reason);
    req.put("operator", u.name());
    req.put("operatorRegion", WarningRequestRoutes.operatorRegion(u, region, tree));
    req.put("requestedAtMs", clock.millis());
    try {
      publisher.publish(topic(), req.toString().getBytes(StandardCharsets.UTF_8), false);
    } catch (ControlPublishException e) {
      access.record(ctx, u, ACTION, "failed", req.get("request").asText(), region, e.getMessage());
      throw new ApiException(503, "the broker did not take it: " + e.getMessage());
    }
    access.record(ctx, u, ACTION, "ok", req.get("request").asText(), region,
        board.effective(region).wireName() + " -> " + req.get("mode").asText() + ": " + reason);
    ObjectNode answer = Json.MAPPER.createObjectNode().put("request", req.get("request").asText());
    ctx.status(202).contentType("application/json").result(answer.toString());
  }

  private String text(Context ctx, User u, JsonNode body, String name, String region) {
    JsonNode v = body.get(name);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      invalid(ctx, u, region, "'" + name + "' is missing or empty");
    }
    return v.asText().strip();
  }

  private void invalid(Context ctx, User u, String region, String why) {
    access.record(ctx, u, ACTION, "invalid", "", region, why);
    throw ApiException.badRequest(why);
  }

  private static String cut(String s) {
    String c = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return c.replaceAll("\\p{Cntrl}", "?");
  }
}
