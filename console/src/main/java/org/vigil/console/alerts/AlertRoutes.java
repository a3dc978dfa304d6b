package org.vigil.console.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.alerts.notify.Silence;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.Json;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.control.ControlPublishException;
import org.vigil.console.control.ControlPublisher;
import org.vigil.console.live.LiveState;

/**
 * The alert feed and the operator's actions on it.
 *
 * <ul>
 *   <li>{@code GET /api/alerts?site=&level=&state=&limit=} (viewer): recent transitions, newest first</li>
 *   <li>{@code POST /api/alerts/{id}/ack} {@code {"comment"}} (operator): publishes the acknowledgement on
 *       {@code vigil/control/ack/<the console's MQTT identity>} (QoS 1, not retained); the job's answer arrives on {@code vigil/{site}/acks} and,
 *       when accepted, as an {@code acknowledged} transition on the alert feed</li>
 *   <li>{@code GET /api/silences} (viewer); {@code POST /api/silences} {@code {"sites","sensors","rules","minutes" |
 *       "endsAt","comment"}} (operator): publishes it retained on
 *       {@code vigil/config/silences/<the console's MQTT identity>/{id}};
 *       {@code DELETE /api/silences/{id}} (operator) lifts it by republishing with {@code endsAt} = now</li>
 *   <li>{@code POST /api/alerts/{id}/comment} {@code {"comment"}} (operator): a note on an alert for the other users
 *       answering for its site (newest 20 per alert in memory, every one in InfluxDB measurement {@code alert_comments}
 *       and read back at start ({@link CommentStore}), and in the audit trail);
 *       {@code GET /api/alerts/{id}/comments} (viewer)</li>
 * </ul>
 *
 * <p>Duty by region: a user sees, acknowledges, comments and silences only alerts of sites in their region (the
 * registry's region tree); anything else is refused with 403 and audited. A user with a region names the sites of a
 * silence one by one (no globs, at least one), each in their region, and lifts only such silences; silences of other
 * users are listed when they can match one of the user's sites.
 */
public final class AlertRoutes {

  /** Base of the topics of acknowledgements; the console publishes under its MQTT identity. */
  public static final String ACK_TOPIC = CommandTopics.ACK_BASE;

  private static final Set<String> LEVELS = Set.of("blue", "yellow", "orange", "red", "none");
  private static final Set<String> STATES = Set.of("opened", "escalated", "de-escalated", "resolved", "acknowledged");

  private final LiveState state;
  private final ControlPublisher publisher;
  private final Access access;
  private final Clock clock;
  private final String identity;
  private final CommentStore comments;

  /**
   * @param identity the console's MQTT identity (vigil-console), named in its command topics
   * @param comments where comments are kept across restarts
   */
  public AlertRoutes(LiveState state, ControlPublisher publisher, Access access, Clock clock, String identity,
      CommentStore comments) {
    this.identity = identity;
    this.comments = comments;
    this.state = state;
    this.publisher = publisher;
    this.access = access;
    this.clock = clock;
  }

  public void routing(Javalin app) {
    app.get("/api/alerts", this::list);
    app.post("/api/alerts/{id}/ack", this::ack);
    app.post("/api/alerts/{id}/comment", this::comment);
    app.get("/api/alerts/{id}/comments", ctx -> {
      User u = access.require(ctx, Role.VIEWER, "read");
      String id = ctx.pathParam("id");
      List<JsonNode> list = state.comments(id);
      // An alert no longer in the feed (e.g. after a restart) still has its stored comments, scoped by their site.
      String site = state.alert(id).map(a -> a.path("site").asText())
          .orElseGet(() -> list.isEmpty() ? known(ctx, u, "alert.comments", id).path("site").asText()
              : list.get(0).path("site").asText());
      access.requireSite(ctx, u, "alert.comments", site, id);
      ArrayNode out = Json.MAPPER.createArrayNode();
      list.forEach(out::add);
      ctx.contentType("application/json").result(out.toString());
    });
    app.get("/api/silences", ctx -> {
      User u = access.require(ctx, Role.VIEWER, "read");
      ObjectNode n = Json.MAPPER.createObjectNode();
      state.silences().forEach((k, v) -> {
        if (state.silenceConcerns(v, site -> access.duty().sees(u, site))) {
          n.set(k, v);
        }
      });
      ctx.contentType("application/json").result(n.toString());
    });
    app.post("/api/silences", this::silence);
    app.delete("/api/silences/{id}", this::lift);
  }

  private void list(Context ctx) {
    User u = access.require(ctx, Role.VIEWER, "read");
    String level = ctx.queryParam("level");
    String st = ctx.queryParam("state");
    if (level != null && !LEVELS.contains(level)) {
      throw ApiException.badRequest("level must be one of " + LEVELS);
    }
    if (st != null && !STATES.contains(st)) {
      throw ApiException.badRequest("state must be one of " + STATES);
    }
    int limit = 200;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("limit must be a whole number, got '" + l + "'");
      }
      if (limit < 1 || limit > LiveState.RECENT_ALERTS) {
        throw ApiException.badRequest("limit must be 1.." + LiveState.RECENT_ALERTS);
      }
    }
    ArrayNode out = Json.MAPPER.createArrayNode();
    state.alerts(ctx.queryParam("site"), level, st, limit, site -> access.duty().sees(u, site)).forEach(out::add);
    ctx.contentType("application/json").result(out.toString());
  }

  private void ack(Context ctx) {
    User u = access.require(ctx, Role.OPERATOR, "alert.ack");
    String id = ctx.pathParam("id");
    JsonNode body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.body(ctx);
    String comment = Json.text(body, "comment", false);
    if (comment != null && comment.length() > 500) {
      throw ApiException.badRequest("comment is longer than 500 characters");
    }
    JsonNode alert = known(ctx, u, "alert.ack", id);
    String site = alert.path("site").asText();
    access.requireSite(ctx, u, "alert.ack", site, id);
    String region = access.regionOfSite(site);
    String current = alert.path("state").asText();
    if (current.equals("resolved")) {
      access.record(ctx, u, "alert.ack", "invalid", id, region, "already resolved");
      throw new ApiException(409, "alert " + id + " is resolved: nothing to acknowledge");
    }
    ObjectNode msg = Json.MAPPER.createObjectNode();
    msg.put("alertId", id);
    msg.put("site", alert.path("site").asText());
    msg.put("by", u.name());
    msg.put("at", Instant.ofEpochMilli(clock.millis()).toString());
    if (comment != null && !comment.isBlank()) {
      msg.put("comment", comment);
    }
    publish(ctx, u, "alert.ack", id, CommandTopics.ackTopic(ACK_TOPIC, identity), msg.toString(), false);
    access.record(ctx, u, "alert.ack", "ok", id, region, comment == null ? "" : comment);
    ctx.status(202).contentType("application/json").result(msg.toString());
  }

  /** The newest transition of an alert; 404 (audited) when the console does not know it. */
  private JsonNode known(Context ctx, User u, String action, String id) {
    return state.alert(id).orElseThrow(() -> {
      access.record(ctx, u, action, "invalid", id, "unknown alert");
      return new ApiException(404, "no alert with id '" + id + "' in the console's feed");
    });
  }

  private void comment(Context ctx) {
    User u = access.require(ctx, Role.OPERATOR, "alert.comment");
    String id = ctx.pathParam("id");
    String comment = Json.text(Json.body(ctx), "comment", true);
    if (comment.length() > 500) {
      throw ApiException.badRequest("comment is longer than 500 characters");
    }
    JsonNode alert = known(ctx, u, "alert.comment", id);
    String site = alert.path("site").asText();
    access.requireSite(ctx, u, "alert.comment", site, id);
    ObjectNode c = Json.MAPPER.createObjectNode().put("alertId", id).put("site", site).put("by", u.name())
        .put("at", Instant.ofEpochMilli(clock.millis()).toString()).put("comment", comment);
    state.addComment(c);
    comments.store(c, access.regionOfSite(site));
    access.record(ctx, u, "alert.comment", "ok", id, access.regionOfSite(site), comment);
    ctx.status(201).contentType("application/json").result(c.toString());
  }

  /**
   * Duty by region for a silence's sites: a user of the whole county may name any globs; any other user names
   * sites one by one (at least one, no globs), each in their region. Refused with 403 (audited) otherwise.
   */
  private void requireSilenceSites(Context ctx, User u, String action, String id, List<String> sites) {
    if (u.region().isEmpty()) {
      return;
    }
    if (sites.isEmpty()) {
      access.record(ctx, u, action, "refused", id, "", "a silence of every site is beyond region " + u.region());
      throw new ApiException(403, "user " + u.name() + " answers for region " + u.region()
          + ": name the sites of the silence, each in that region (a silence without sites covers every site)");
    }
    for (String site : sites) {
      if (site.contains("*") || site.contains("?")) {
        access.record(ctx, u, action, "refused", id, "", "site glob " + site + " may reach beyond region "
            + u.region());
        throw new ApiException(403, "user " + u.name() + " answers for region " + u.region() + ": name sites one by "
            + "one, not by a glob such as '" + site + "', which may reach beyond that region");
      }
      access.requireSite(ctx, u, action, site, id);
    }
  }

  private void silence(Context ctx) {
    User u = access.require(ctx, Role.OPERATOR, "silence.create");
    JsonNode body = Json.body(ctx);
    long now = clock.millis();
    long ends;
    if (body.hasNonNull("endsAt")) {
      try {
        ends = Instant.parse(Json.text(body, "endsAt", true)).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("endsAt must be an ISO-8601 UTC time such as 2026-11-29T12:00:00Z");
      }
    } else if (body.hasNonNull("minutes")) {
      if (!body.get("minutes").isNumber() || body.get("minutes").asDouble() <= 0
          || body.get("minutes").asDouble() > 7 * 24 * 60) {
        throw ApiException.badRequest("minutes must be a number from 1 to 10080 (7 days)");
      }
      ends = now + Math.round(body.get("minutes").asDouble() * 60_000);
    } else {
      throw ApiException.badRequest("give 'minutes' or 'endsAt'");
    }
    String id = "s-" + UUID.randomUUID().toString().substring(0, 8);
    Silence s = new Silence(id, globs(body, "sites"), globs(body, "sensors"), globs(body, "rules"), now, ends,
        u.name(), Json.text(body, "comment", false));
    if (!s.problems().isEmpty()) {
      access.record(ctx, u, "silence.create", "invalid", id, String.join("; ", s.problems()));
      throw ApiException.badRequest(String.join("; ", s.problems()));
    }
    requireSilenceSites(ctx, u, "silence.create", id, s.sites());
    String json = silenceJson(s).toString();
    publish(ctx, u, "silence.create", id, CommandTopics.silenceTopic(identity, id), json, true);
    access.record(ctx, u, "silence.create", "ok", id, json);
    ctx.status(201).contentType("application/json").result(json);
  }

  private void lift(Context ctx) {
    User u = access.require(ctx, Role.OPERATOR, "silence.lift");
    String id = ctx.pathParam("id");
    JsonNode existing = state.silences().get(id);
    if (existing == null) {
      access.record(ctx, u, "silence.lift", "invalid", id, "unknown silence");
      throw new ApiException(404, "no silence with id '" + id + "'");
    }
    List<String> sites = new ArrayList<>();
    existing.path("sites").forEach(x -> sites.add(x.asText()));
    requireSilenceSites(ctx, u, "silence.lift", id, sites);
    ObjectNode lifted = existing.deepCopy();
    lifted.put("endsAt", Instant.ofEpochMilli(clock.millis()).toString());
    lifted.remove("author");
    publish(ctx, u, "silence.lift", id, CommandTopics.silenceTopic(identity, id), lifted.toString(), true);
    access.record(ctx, u, "silence.lift", "ok", id, "");
    ctx.contentType("application/json").result(lifted.toString());
  }

  private void publish(Context ctx, User u, String action, String target, String topic, String json,
      boolean retained) {
    try {
      publisher.publish(topic, json.getBytes(StandardCharsets.UTF_8), retained);
    } catch (ControlPublishException e) {
      access.record(ctx, u, action, "failed", target, e.getMessage());
      throw new ApiException(503, "the broker did not take it: " + e.getMessage());
    }
  }

  private static List<String> globs(JsonNode body, String field) {
    JsonNode v = body.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw ApiException.badRequest("'" + field + "' must be a list of globs");
    }
    for (JsonNode g : v) {
      if (!g.isTextual() || g.asText().isBlank() || !g.asText().matches("[A-Za-z0-9_*?./-]{1,128}")) {
        throw ApiException.badRequest("'" + field + "' holds '" + g.asText()
            + "': globs are 1-128 characters of letters, digits, _ - . / * ?");
      }
      out.add(g.asText());
    }
    return out;
  }

  /** The contract's JSON of a silence. */
  static ObjectNode silenceJson(Silence s) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", s.id());
    ArrayNode sites = n.putArray("sites");
    s.sites().forEach(sites::add);
    ArrayNode sensors = n.putArray("sensors");
    s.sensors().forEach(sensors::add);
    ArrayNode rules = n.putArray("rules");
    s.rules().forEach(rules::add);
    n.put("startsAt", Instant.ofEpochMilli(s.startsAtMs()).toString());
    n.put("endsAt", Instant.ofEpochMilli(s.endsAtMs()).toString());
    n.put("createdBy", s.createdBy());
    n.put("comment", s.comment());
    return n;
  }
}
