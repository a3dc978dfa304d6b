package org.vigil.vision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a camera configuration from JSON. Every key but {@code cameraId} is optional and falls back to the default
 * documented on {@link CameraConfig}; unknown keys are errors (a misspelt option must not silently keep its default).
 *
 * <pre>{@code
 * {
 *   "cameraId": "plaza-north",
 *   "zones": [
 *     {"id": "gate", "polygonPx": [[0, 300], [768, 300], [768, 576], [0, 576]], "areaM2": 180.0, "capacity": 150}
 *   ],
 *   "motion":   {"enabled": true, "scale": 0.5, "history": 300, "varThreshold": 16,
 *                "minMovingFraction": 0.0005, "regionPaddingPx": 24},
 *   "detector": {"method": "HYBRID", "hogUpscale": 2.0, "hogScale": 1.1, "hogHitThreshold": 0.3,
 *                "personHeightTopPx": 60, "personHeightBottomPx": 190, "personAspect": 0.4, "minBlobFraction": 0.25},
 *   "flow":     {"enabled": true, "scale": 0.25, "minMagnitudePx": 1.0, "levels": 3, "winSize": 15, "iterations": 3}
 * }
 * }</pre>
 */
public final class CameraConfigJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CameraConfigJson() {}

  /**
   * Parses the text; does not validate ranges (call {@link CameraConfig#validate()}).
   *
   * @throws IllegalArgumentException when it is not JSON, a value has the wrong type, or a key is unknown
   */
  public static CameraConfig parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("camera config is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("camera config must be a JSON object");
    }
    checkKeys(root, "", Set.of("cameraId", "zones", "lines", "motion", "detector", "flow", "tracking"));
    String cameraId = root.hasNonNull("cameraId") ? text(root.get("cameraId"), "cameraId") : null;
    List<Zone> zones = new ArrayList<>();
    JsonNode zs = root.get("zones");
    if (zs != null && !zs.isNull()) {
      if (!zs.isArray()) {
        throw new IllegalArgumentException("zones must be an array");
      }
      for (int i = 0; i < zs.size(); i++) {
        zones.add(zone(zs.get(i), "zones[" + i + "]"));
      }
    }
    List<CountingLine> lines = new ArrayList<>();
    JsonNode ls = root.get("lines");
    if (ls != null && !ls.isNull()) {
      if (!ls.isArray()) {
        throw new IllegalArgumentException("lines must be an array");
      }
      for (int i = 0; i < ls.size(); i++) {
        lines.add(line(ls.get(i), "lines[" + i + "]"));
      }
    }
    return new CameraConfig(cameraId, zones, motion(root.get("motion")), detector(root.get("detector")),
        flow(root.get("flow")), lines, tracking(root.get("tracking")));
  }

  private static CountingLine line(JsonNode n, String path) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(path + " must be an object");
    }
    checkKeys(n, path + ".", Set.of("id", "from", "to"));
    return new CountingLine(n.hasNonNull("id") ? text(n.get("id"), path + ".id") : null,
        point(n.get("from"), path + ".from"), point(n.get("to"), path + ".to"));
  }

  private static Point point(JsonNode p, String path) {
    if (p == null || p.isNull()) {
      return null;
    }
    if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
      throw new IllegalArgumentException(path + " must be [x, y], is " + p);
    }
    return new Point(p.get(0).asDouble(), p.get(1).asDouble());
  }

  private static CameraConfig.Tracking tracking(JsonNode n) {
    CameraConfig.Tracking d = CameraConfig.Tracking.defaults();
    if (n == null || n.isNull()) {
      return d;
    }
    String p = "tracking";
    checkKeys(n, p + ".", Set.of("enabled", "confirmFrames", "maxLostFrames", "gateHeights", "keepMatch", "keepMaxS",
        "scanPeriodFrames", "scanHitThreshold", "warmUpS"));
    return new CameraConfig.Tracking(
        bool(n, "enabled", p, d.enabled()),
        (int) num(n, "confirmFrames", p, d.confirmFrames()),
        (int) num(n, "maxLostFrames", p, d.maxLostFrames()),
        num(n, "gateHeights", p, d.gateHeights()),
        num(n, "keepMatch", p, d.keepMatch()),
        num(n, "keepMaxS", p, d.keepMaxS()),
        (int) num(n, "scanPeriodFrames", p, d.scanPeriodFrames()),
        num(n, "scanHitThreshold", p, d.scanHitThreshold()),
        num(n, "warmUpS", p, d.warmUpS()));
  }

  private static Zone zone(JsonNode n, String path) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(path + " must be an object");
    }
    checkKeys(n, path + ".", Set.of("id", "polygonPx", "areaM2", "capacity"));
    List<Point> points = new ArrayList<>();
    JsonNode ps = n.get("polygonPx");
    if (ps != null) {
      if (!ps.isArray()) {
        throw new IllegalArgumentException(path + ".polygonPx must be an array of [x, y] pairs");
      }
      for (int i = 0; i < ps.size(); i++) {
        JsonNode p = ps.get(i);
        if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
          throw new IllegalArgumentException(path + ".polygonPx[" + i + "] must be [x, y], is " + p);
        }
        points.add(new Point(p.get(0).asDouble(), p.get(1).asDouble()));
      }
    }
    return new Zone(
        n.hasNonNull("id") ? text(n.get("id"), path + ".id") : null,
        points,
        num(n, "areaM2", path, Double.NaN),
        (int) num(n, "capacity", path, 0));
  }

  private static CameraConfig.Motion motion(JsonNode n) {
    CameraConfig.Motion d = CameraConfig.Motion.defaults();
    if (n == null || n.isNull()) {
      return d;
    }
    String p = "motion";
    checkKeys(n, p + ".", Set.of("enabled", "scale", "history", "varThreshold", "minMovingFraction", "regionPaddingPx"));
    return new CameraConfig.Motion(
        bool(n, "enabled", p, d.enabled()),
        num(n, "scale", p, d.scale()),
        (int) num(n, "history", p, d.history()),
        num(n, "varThreshold", p, d.varThreshold()),
        num(n, "minMovingFraction", p, d.minMovingFraction()),
        (int) num(n, "regionPaddingPx", p, d.regionPaddingPx()));
  }

  private static CameraConfig.Detector detector(JsonNode n) {
    CameraConfig.Detector d = CameraConfig.Detector.defaults();
    if (n == null || n.isNull()) {
      return d;
    }
    String p = "detector";
    checkKeys(n, p + ".", Set.of("method", "hogUpscale", "hogScale", "hogHitThreshold", "personHeightTopPx",
        "personHeightBottomPx", "personAspect", "minBlobFraction"));
    CameraConfig.Method method = d.method();
    if (n.hasNonNull("method")) {
      String m = text(n.get("method"), "detector.method");
      try {
        method = CameraConfig.Method.valueOf(m);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("detector.method must be one of "
            + List.of(CameraConfig.Method.values()) + ", is '" + m + "'", e);
      }
    }
    return new CameraConfig.Detector(
        method,
        num(n, "hogUpscale", p, d.hogUpscale()),
        num(n, "hogScale", p, d.hogScale()),
        num(n, "hogHitThreshold", p, d.hogHitThreshold()),
        num(n, "personHeightTopPx", p, d.personHeightTopPx()),
        num(n, "personHeightBottomPx", p, d.personHeightBottomPx()),
        num(n, "personAspect", p, d.personAspect()),
        num(n, "minBlobFraction", p, d.minBlobFraction()));
  }

  private static CameraConfig.Flow flow(JsonNode n) {
    CameraConfig.Flow d = CameraConfig.Flow.defaults();
    if (n == null || n.isNull()) {
      return d;
    }
    String p = "flow";
    checkKeys(n, p + ".", Set.of("enabled", "scale", "minMagnitudePx", "levels", "winSize", "iterations"));
    return new CameraConfig.Flow(
        bool(n, "enabled", p, d.enabled()),
        num(n, "scale", p, d.scale()),
        num(n, "minMagnitudePx", p, d.minMagnitudePx()),
        (int) num(n, "levels", p, d.levels()),
        (int) num(n, "winSize", p, d.winSize()),
        (int) num(n, "iterations", p, d.iterations()));
  }

  private static void checkKeys(JsonNode n, String prefix, Set<String> known) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(prefix.isEmpty() ? "config" : prefix + " must be an object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + prefix + k + "'; known: " + known);
      }
    }
  }

  private static String text(JsonNode n, String path) {
    if (!n.isTextual()) {
      throw new IllegalArgumentException(path + " must be a string, is " + n);
    }
    return n.asText();
  }

  private static double num(JsonNode n, String key, String path, double dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(path + "." + key + " must be a number, is " + v);
    }
    return v.asDouble();
  }

  private static boolean bool(JsonNode n, String key, String path, boolean dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(path + "." + key + " must be true or false, is " + v);
    }
    return v.asBoolean();
  }
}
