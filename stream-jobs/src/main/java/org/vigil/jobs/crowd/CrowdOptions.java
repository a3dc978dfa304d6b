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
import org.vigil.alerts.crowd.CrowdRuleOptions;
import org.vigil.alerts.rule.LevelThresholds;
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
 *   <tr><td>{@code VIGIL_CROWD_DENSITY_LEVELS}</td><td>{@value CrowdRuleOptions#DEFAULT_DENSITY_LEVELS}</td><td>
 *       density levels, persons/m², {@code level:raise/clear}</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_RECENT_WINDOW_MS}</td><td>5000</td><td>the "now" of a count: median over this
 *       window</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_BASELINE_WINDOW_MS}</td><td>60000</td><td>rolling baseline before it</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_SURGE_MIN_RISE}</td><td>5</td><td>smallest rise that is a surge, persons</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_DISPERSAL_MIN_DROP}</td><td>5</td><td>smallest drop that is a dispersal,
 *       persons</td></tr>
 *   <tr><td>{@code VIGIL_CROWD_MOTION_MIN_ENERGY}</td><td>2</td><td>motion energy below this (px/frame) is never
 *       abnormal</td></tr>
 * </table>
 *
 * @param cameraJson camera configurations by camera id, as JSON text (parsed where the analyser runs)
 * @param defaultAreaM2 area of the whole-frame zone
 * @param defaultCapacity capacity of the whole-frame zone
 * @param maxFrameAgeMs frame age limit, 0 for none
 * @param analysisThreads analysis threads per subtask
 * @param rules the crowd rules' settings
 */
public record CrowdOptions(Map<String, String> cameraJson, double defaultAreaM2, int defaultCapacity,
    long maxFrameAgeMs, int analysisThreads, CrowdRuleOptions rules) implements Serializable {

  /** Id of the zone that covers the whole frame of cameras configured without zones. */
  public static final String WHOLE_FRAME_ZONE = "frame";

  public CrowdOptions {
    cameraJson = new TreeMap<>(cameraJson == null ? Map.of() : cameraJson);
  }

  /** Every setting at its default, no cameras configured. */
  public static CrowdOptions defaults() {
    return new CrowdOptions(Map.of(), 100, 0, 2_000, 1, CrowdRuleOptions.defaults());
  }

  /**
   * Reads the settings; reports every problem at once.
   *
   * @throws IllegalArgumentException listing the problems
   */
  public static CrowdOptions fromLookup(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    CrowdRuleOptions d = CrowdRuleOptions.defaults();
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
    LevelThresholds density = d.densityLevels();
    String levels = lookup.apply("VIGIL_CROWD_DENSITY_LEVELS");
    if (levels != null && !levels.isBlank()) {
      try {
        density = LevelThresholds.parse(levels);
      } catch (IllegalArgumentException e) {
        problems.add("VIGIL_CROWD_DENSITY_LEVELS: " + e.getMessage());
      }
    }
    CrowdRuleOptions rules = new CrowdRuleOptions(
        (long) number(lookup, "VIGIL_CROWD_RECENT_WINDOW_MS", d.recentWindowMs(), problems),
        (long) number(lookup, "VIGIL_CROWD_BASELINE_WINDOW_MS", d.baselineWindowMs(), problems),
        d.minBaselineSamples(), d.capacityYellowFraction(), d.capacityRedFraction(), density, d.countSdFloor(),
        d.surgeK(), number(lookup, "VIGIL_CROWD_SURGE_MIN_RISE", d.surgeMinRise(), problems), d.dispersalK(),
        number(lookup, "VIGIL_CROWD_DISPERSAL_MIN_DROP", d.dispersalMinDrop(), problems), d.dispersalMinFraction(),
        d.dispersalEnergyFactor(), d.energySdFloor(), d.motionK(),
        number(lookup, "VIGIL_CROWD_MOTION_MIN_ENERGY", d.motionMinEnergy(), problems), d.clearFactor(),
        d.surgeLevel(), d.dispersalLevel(), d.motionLevel());
    for (String p : rules.problems()) {
      problems.add("crowd rules: " + p);
    }
    Map<String, String> cameras = cameras(lookup.apply("VIGIL_CAMERAS_FILE"), problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid crowd settings: " + String.join("; ", problems));
    }
    return new CrowdOptions(cameras, area, capacity, maxAge, threads, rules);
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
    return new CameraConfig(cameraId, List.of(whole), c.motion(), c.detector(), c.flow());
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
