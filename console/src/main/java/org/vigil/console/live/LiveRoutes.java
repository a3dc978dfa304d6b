package org.vigil.console.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.Json;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.auth.Duty;
import org.vigil.core.Frame;
import org.vigil.vision.CameraConfig;
import org.vigil.vision.Point;
import org.vigil.vision.Zone;

/**
 * The live side of the API (viewer and up).
 *
 * <ul>
 *   <li>{@code GET /api/state}: the snapshot to draw from ({@link LiveState#snapshot()}), with the id of the newest
 *       event it includes</li>
 *   <li>{@code GET /api/events}: server-sent events after that id ({@code Last-Event-ID} header or {@code ?after=});
 *       a {@code reset} event when the replay buffer no longer reaches back that far, a {@code dropped} event with the
 *       count when this browser's queue overflowed (both mean: reload the snapshot), a comment line as heartbeat</li>
 *   <li>{@code GET /api/cameras}: each camera's zones (from VIGIL_CAMERAS_FILE) to outline</li>
 *   <li>{@code GET /api/cameras/{site}/{camera}/frame}: the newest JPEG</li>
 * </ul>
 */
public final class LiveRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);

  private final LiveState state;
  private final EventHub hub;
  private final Access access;
  private final int queueCapacity;
  private final Duration heartbeat;
  private final String zonesJson;
  private final AtomicLong droppedTotal = new AtomicLong();

  public LiveRoutes(LiveState state, EventHub hub, Access access, int queueCapacity, Duration heartbeat,
      Path camerasFile) {
    this.state = state;
    this.hub = hub;
    this.access = access;
    this.queueCapacity = queueCapacity;
    this.heartbeat = heartbeat;
    this.zonesJson = zones(camerasFile);
  }

  public void routing(Javalin app) {
    app.get("/api/state", ctx -> {
      User u = access.require(ctx, Role.VIEWER, "read");
      ctx.contentType("application/json").result(state.snapshot(site -> access.duty().sees(u, site)).toString());
    });
    app.before("/api/events", ctx -> access.require(ctx, Role.VIEWER, "read"));
    app.sse("/api/events", this::stream);
    app.get("/api/cameras", ctx -> {
      access.require(ctx, Role.VIEWER, "read");
      ctx.contentType("application/json").result(zonesJson);
    });
    app.get("/api/cameras/{site}/{camera}/frame", this::frame);
  }

  private void frame(Context ctx) {
    User u = access.require(ctx, Role.VIEWER, "read");
    access.requireSite(ctx, u, "read", ctx.pathParam("site"), ctx.pathParam("camera"));
    Frame f = state.frame(ctx.pathParam("site"), ctx.pathParam("camera")).orElseThrow(
        () -> new ApiException(404, "no frame from camera " + ctx.pathParam("site") + "/" + ctx.pathParam("camera")
            + " yet"));
    ctx.header("Cache-Control", "no-store").header("X-Capture-Ts", Long.toString(f.captureTsMs()))
        .contentType("image/jpeg").result(f.jpeg());
  }

  private void stream(SseClient client) {
    Context ctx = client.ctx();
    Optional<Long> after = lastEventId(ctx);
    User u = access.session(ctx).orElseThrow().user();
    ClientQueue q = new ClientQueue(queueCapacity, e -> view(u, e));
    client.keepAlive();
    boolean complete = hub.attach(q, after);
    client.onClose(() -> hub.detach(q));
    Thread writer = new Thread(() -> write(client, q, after.isEmpty() || complete), "console-sse-" + ctx.ip());
    writer.setDaemon(true);
    writer.start();
  }

  private void write(SseClient client, ClientQueue q, boolean complete) {
    long reported = 0;
    try {
      client.sendComment("vigil console stream");
      if (!complete) {
        client.sendEvent("reset", "{\"reason\":\"events missed while away are no longer kept\"}",
            Long.toString(hub.lastId()));
      }
      while (!client.terminated() && !q.isClosed()) {
        LiveEvent e = q.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        long dropped = q.dropped();
        if (dropped > reported) {
          droppedTotal.addAndGet(dropped - reported);
          client.sendEvent("dropped", "{\"count\":" + (dropped - reported) + "}");
          reported = dropped;
        }
        if (e == null) {
          client.sendComment("heartbeat");
        } else {
          client.sendEvent(e.type(), e.json(), Long.toString(e.id()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("event stream ended: {}", e.toString());
    } finally {
      hub.detach(q);
    }
  }

  /**
   * What {@code u} may see of an event (duty by region): an event about a site only when the user answers for it,
   * one about regions when one of them lies in the user's region, a batch of readings narrowed to the user's sites.
   */
  LiveEvent view(User u, LiveEvent e) {
    if (u.region().isEmpty()) {
      return e;
    }
    Duty duty = access.duty();
    if (e.site() != null) {
      return duty.sees(u, e.site()) ? e : null;
    }
    if (e.regions() != null) {
      return e.regions().stream().anyMatch(r -> duty.overlaps(u, r)) ? e : null;
    }
    if (e.type().equals("readings")) {
      try {
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (JsonNode r : Json.MAPPER.readTree(e.json())) {
          if (duty.sees(u, r.path("site").asText())) {
            kept.add(r);
          }
        }
        return kept.isEmpty() ? null : new LiveEvent(e.id(), e.type(), e.key(), kept.toString(), null, null);
      } catch (IOException ex) {
        return null;
      }
    }
    if (e.type().equals("silence")) {
      try {
        JsonNode n = Json.MAPPER.readTree(e.json());
        return n.has("silence") && !state.silenceConcerns(n.get("silence"), site -> duty.sees(u, site)) ? null : e;
      } catch (IOException ex) {
        return null;
      }
    }
    return e;
  }

  private static Optional<Long> lastEventId(Context ctx) {
    String v = ctx.header("Last-Event-ID");
    if (v == null || v.isBlank()) {
      v = ctx.queryParam("after");
    }
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(v.strip()));
    } catch (NumberFormatException e) {
      return Optional.of(-1L);
    }
  }

  /** Events dropped for slow browsers since the start. */
  public long droppedTotal() {
    return droppedTotal.get();
  }

  private static String zones(Path camerasFile) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (camerasFile == null) {
      return out.toString();
    }
    try {
      JsonNode arr = Json.MAPPER.readTree(Files.readString(camerasFile));
      for (JsonNode c : arr) {
        CameraConfig cfg = CameraConfig.fromJson(c.toString());
        ArrayNode zs = out.putArray(cfg.cameraId());
        for (Zone z : cfg.zones()) {
          ObjectNode zn = zs.addObject().put("id", z.id()).put("areaM2", z.areaM2()).put("capacity", z.capacity());
          ArrayNode poly = zn.putArray("polygon");
          for (Point p : z.polygonPx()) {
            poly.addArray().add(p.x()).add(p.y());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("camera zones from {} not shown: {}", camerasFile, e.toString());
    }
    return out.toString();
  }
}
