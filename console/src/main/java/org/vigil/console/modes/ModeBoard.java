package org.vigil.console.modes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.vigil.alerts.rules.Mode;
import org.vigil.console.auth.RegionTree;
import org.vigil.console.http.Json;

/**
 * The regions' command modes as the job publishes them, retained, on {@code vigil/mode/<region>}: each region's own
 * mode (who set it, when, why), and each region's effective mode over the registry's region tree (its own, else the
 * nearest region above with one, else daily). Each change is pushed to browsers as an event {@code mode} (one entry,
 * as {@link #entry}) for the region and for every region below it whose effective mode it changed, each scoped to
 * its region.
 */
public final class ModeBoard {

  /** Longest payload read, bytes. */
  static final int MAX_BYTES = 4096;

  private final Map<String, Own> own = new ConcurrentHashMap<>();
  private final Events events;
  private volatile Supplier<RegionTree> tree = () -> RegionTree.EMPTY;

  /** A region's own mode. */
  public record Own(String region, String mode, String setBy, Long setAtMs, String reason, String request) {}

  /** Where the live events go: the event hub, scoped to the region. */
  @FunctionalInterface
  public interface Events {
    /** Sends the event {@code mode} of {@code region} with its entry. */
    void mode(String region, String json);
  }

  public ModeBoard(Events events) {
    this.events = events;
  }

  /** The region tree the effective modes are worked out over (the registry in force). */
  public void useTree(Supplier<RegionTree> t) {
    this.tree = t;
  }

  /**
   * Takes a retained message of {@code vigil/mode/<region>}: the region's own mode, or (empty payload) none. A payload
   * that cannot be read is refused with {@link IllegalArgumentException}.
   */
  public void onMessage(String region, byte[] payload) throws Exception {
    if (!region.matches("[A-Za-z0-9_-]{1,128}")) {
      throw new IllegalArgumentException("not a region id: " + region);
    }
    RegionTree t = tree.get();
    Map<String, Mode> before = effectiveAll(t);
    if (payload.length == 0) {
      own.remove(region);
    } else {
      if (payload.length > MAX_BYTES) {
        throw new IllegalArgumentException("mode message of " + payload.length + " bytes");
      }
      JsonNode n = Json.MAPPER.readTree(payload);
      Mode m = Mode.fromWire(n.path("mode").asText(null));
      if (m == null) {
        throw new IllegalArgumentException("mode message without a known mode");
      }
      own.put(region, new Own(region, m.wireName(), text(n, "setBy"),
          n.path("setAtMs").canConvertToLong() ? n.get("setAtMs").asLong() : null, text(n, "reason"),
          text(n, "request")));
    }
    Map<String, Mode> after = effectiveAll(t);
    for (String r : t.hasRegion(region) ? t.regionsWithin(region) : List.of(region)) {
      if (r.equals(region) || before.get(r) != after.get(r)) {
        events.mode(r, entry(r, t).toString());
      }
    }
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  /** A region's own mode, or null. */
  public Own own(String region) {
    return own.get(region);
  }

  /** A region's effective mode in the tree in force. */
  public Mode effective(String region) {
    return effective(region, tree.get());
  }

  private Mode effective(String region, RegionTree t) {
    Map<String, Mode> modes = new HashMap<>();
    own.forEach((r, o) -> modes.put(r, Mode.fromWire(o.mode())));
    return Mode.effective(modes, t::parentOf, region);
  }

  private Map<String, Mode> effectiveAll(RegionTree t) {
    Map<String, Mode> out = new HashMap<>();
    for (String r : t.regionsWithin(RegionTree.ROOT)) {
      out.put(r, effective(r, t));
    }
    return out;
  }

  /** The entry of a region: {@code region, name, level, parent, mode, effective, setBy, setAtMs, reason}. */
  public ObjectNode entry(String region) {
    return entry(region, tree.get());
  }

  private ObjectNode entry(String region, RegionTree t) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("region", region);
    n.put("name", t.name(region));
    n.put("level", t.level(region));
    String parent = t.parentOf(region);
    if (parent == null) {
      n.putNull("parent");
    } else {
      n.put("parent", parent);
    }
    Own o = own.get(region);
    n.put("mode", o == null ? null : o.mode());
    n.put("effective", effective(region, t).wireName());
    n.put("setBy", o == null ? null : o.setBy());
    if (o == null || o.setAtMs() == null) {
      n.putNull("setAtMs");
    } else {
      n.put("setAtMs", o.setAtMs());
    }
    n.put("reason", o == null ? null : o.reason());
    return n;
  }

  /** Every entry of the regions of {@code top}'s subtree ({@link RegionTree#ROOT}: all), in registry order. */
  public List<ObjectNode> entries(String top) {
    RegionTree t = tree.get();
    List<ObjectNode> out = new ArrayList<>();
    for (String r : t.regionsWithin(top)) {
      out.add(entry(r, t));
    }
    return out;
  }
}
