package org.vigil.jobs.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.vigil.vision.CameraConfig;
import org.vigil.vision.Zone;

/**
 * Settings of the crowd pipeline, read from {@code VIGIL_*} keys ({@link #fromLookup}):
 *
 * <table>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code VIGIL_CAMERAS_FILE}</td><td>none</td><td>JSON array of camera configurations (format of
 *       {@code org.vigil.vision.CameraConfigJson}: cameraId, zones with polygonPx, areaM2, capacity, and motion,
 *       detector, flow options). Cameras not in it, and configured cameras without zones, get one zone
 *       {@code frame} covering the whole image</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_DEFAULT_AREA_M2}</td><td>100</td><td>assumed ground area of the whole-frame zone,
 *       m² (a guess: densities of unconfigured cameras are only as good as it)</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_DEFAULT_CAPACITY}</td><td>0</td><td>capacity of the whole-frame zone (0: no
 *       capacity rule)</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_MAX_FRAME_AGE_MS}</td><td>2000</td><td>a frame captured longer ago than this (by
 *       the job's clock) is dropped unanalysed and counted; 0: no age limit (frames superseded by a newer one of
 *       the same camera are still dropped)</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_ANALYSIS_THREADS}</td><td>1</td><td>analysis threads per subtask (cameras of one
 *       subtask share them; one camera is analysed by one thread at a time)</td></tr>
 * </table>
 *
 * <p>The crowd rules' thresholds are rules of the ruleset ({@code crowd-*} in {@code infra/rules/default.yaml}), not
 * settings: the settings that held them before ({@link #MOVED_TO_RULES}) are refused with a word on where they went.
 *
 * @param cameraJson camera configurations by camera id, as JSON text (parsed where the analyser runs)
 * @param defaultAreaM2 area of the whole-frame zone
 * @param defaultCapacity capacity of the whole-frame zone
 * @param maxFrameAgeMs frame age limit, 0 for none
 * @param analysisThreads analysis threads per subtask
 */
public record CrowdOptions(Map<String, String> cameraJson, double defaultAreaM2, int defaultCapacity,
    long maxFrameAgeMs, int analysisThreads) implements Serializable {

  /** Settings of the crowd rules before they moved into the ruleset, and the rule that holds each now. */
  public static final Map<String, String> MOVED_TO_RULES = Map.of(
      "VIGIL_CROWD_DENSITY_LEVELS", "crowd-density (levels)",
      "VIGIL_CROWD_RECENT_WINDOW_MS", "the crowd rules (condition recent)",
      "VIGIL_CROWD_BASELINE_WINDOW_MS", "crowd-surge, crowd-dispersal, crowd-motion (condition baseline)",
      "VIGIL_CROWD_SURGE_MIN_RISE", "crowd-surge (condition minChange)",
      "VIGIL_CROWD_DISPERSAL_MIN_DROP", "crowd-dispersal (condition minChange)",
      "VIGIL_CROWD_MOTION_MIN_ENERGY", "crowd-motion (condition minEnergy)");

  /** Id of the zone that covers the whole frame of cameras configured without zones. */
  public static final String WHOLE_FRAME_ZONE = "frame";

  public CrowdOptions {
    cameraJson = new TreeMap<>(cameraJson == null ? Map.of() : cameraJson);
  }

  /** Every setting at its default, no cameras configured. */
  public static CrowdOptions defaults() {
    return new CrowdOptions(Map.of(), 100, 0, 2_000, 1);
  }

  /**
   * Reads the settings; reports every problem at once.
   *
   * @throws IllegalArgumentException listing the problems
   */
  public static CrowdOptions fromLookup(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    double area = number(lookup, "VIGIL_CROWD_DEFAULT_AREA_M2", 100, problems);
    if (!(area > 0)) {
      problems.add("VIGIL_CROWD_DEFAULT_AREA_M2 must be > 0");
    }
    int capacity = (int) number(lookup, "VIGIL_CROWD_DEFAULT_CAPACITY", 0, problems);
    long maxAge = (long) number(lookup, "VIGIL_CROWD_MAX_FRAME_AGE_MS", 2_000, problems);
    int threads = (int) number(lookup, "VIGIL_CROWD_ANALYSIS_THREADS", 1, problems);
    if (capacity < 0 || maxAge < 0 || threads < 1 || threads > 64) {
      problems.add("VIGIL_CROWD_DEFAULT_CAPACITY and VIGIL_CROWD_MAX_FRAME_AGE_MS must be >= 0, "
          + "VIGIL_CROWD_ANALYSIS_THREADS 1..64");
    }
    for (Map.Entry<String, String> e : new TreeMap<>(MOVED_TO_RULES).entrySet()) {
      String v = lookup.apply(e.getKey());
      if (v != null && !v.isBlank()) {
        problems.add(e.getKey() + " is no longer read: crowd thresholds are rules of the ruleset now, see "
            + e.getValue() + " in infra/rules/default.yaml; set it there (vigil rules publish) and remove the setting");
      }
    }
    Map<String, String> cameras = cameras(lookup.apply("VIGIL_CAMERAS_FILE"), problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid crowd settings: " + String.join("; ", problems));
    }
    return new CrowdOptions(cameras, area, capacity, maxAge, threads);
  }

  /**
   * The configuration of a camera: the configured one, with a whole-frame zone {@value #WHOLE_FRAME_ZONE} of
   * {@link #defaultAreaM2} and {@link #defaultCapacity} when it has no zones or is not configured.
   */
  public CameraConfig cameraConfig(String cameraId, int width, int height) {
    String json = cameraJson.get(cameraId);
    CameraConfig c = json == null ? CameraConfig.of(cameraId, List.of()) : CameraConfig.fromJson(json);
    if (!c.zones().isEmpty()) {
      return c;
    }
    Zone whole = Zone.wholeFrame(WHOLE_FRAME_ZONE, width, height, defaultAreaM2, defaultCapacity);
    return new CameraConfig(cameraId, List.of(whole), c.motion(), c.detector(), c.flow(), c.lines(), c.tracking());
  }

  private static Map<String, String> cameras(String file, List<String> problems) {
    Map<String, String> out = new TreeMap<>();
    if (file == null || file.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(Path.of(file.trim())));
    } catch (IOException e) {
      problems.add("VIGIL_CAMERAS_FILE '" + file + "' cannot be read as JSON: " + e.getMessage());
      return out;
    }
    if (root == null || !root.isArray()) {
      problems.add("VIGIL_CAMERAS_FILE '" + file + "' must hold a JSON array of camera configurations");
      return out;
    }
    for (int i = 0; i < root.size(); i++) {
      String json = root.get(i).toString();
      try {
        CameraConfig c = CameraConfig.fromJson(json);
        for (String p : c.validate()) {
          problems.add("VIGIL_CAMERAS_FILE camera " + i + ": " + p);
        }
        if (c.cameraId() != null && out.put(c.cameraId(), json) != null) {
          problems.add("VIGIL_CAMERAS_FILE: camera '" + c.cameraId() + "' is configured twice");
        }
      } catch (IllegalArgumentException e) {
        problems.add("VIGIL_CAMERAS_FILE camera " + i + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static double number(Function<String, String> lookup, String key, double def, List<String> problems) {
    String v = lookup.apply(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a number, was '" + v + "'");
      return def;
    }
  }
}
