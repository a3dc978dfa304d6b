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
import org.vigil.core.settings.CrowdSettings;
import org.vigil.core.settings.SettingsReader;

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
 * settings: the settings that held them before are refused at start with a word on where they went
 * ({@link org.vigil.core.settings.Settings#REMOVED}).
 *
 * @param cameraJson camera configurations by camera id, as JSON text (parsed where the analyser runs)
 * @param defaultAreaM2 area of the whole-frame zone
 * @param defaultCapacity capacity of the whole-frame zone
 * @param maxFrameAgeMs frame age limit, 0 for none
 * @param analysisThreads analysis threads per subtask
 */
public record CrowdOptions(Map<String, String> cameraJson, double defaultAreaM2, int defaultCapacity,
    long maxFrameAgeMs, int analysisThreads) implements Serializable {

  /** Id of the zone that covers the whole frame of cameras configured without zones. */
  public static final String WHOLE_FRAME_ZONE = "frame";

  public CrowdOptions {
    cameraJson = new TreeMap<>(cameraJson == null ? Map.of() : cameraJson);
  }

  /** Every setting at its default, no cameras configured. */
  public static CrowdOptions defaults() {
    return new CrowdOptions(Map.of(), CrowdSettings.DEFAULT_AREA_M2.defaultValue(),
        CrowdSettings.DEFAULT_CAPACITY.defaultValue(), CrowdSettings.MAX_FRAME_AGE_MS.defaultValue(),
        CrowdSettings.ANALYSIS_THREADS.defaultValue());
  }

  /**
   * Reads the settings; reports every problem at once.
   *
   * @throws IllegalArgumentException listing the problems
   */
  public static CrowdOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    r.refuseRemoved();
    CrowdOptions o = read(r);
    return r.checked(o);
  }

  /** Reads the settings into {@code r}, which collects every problem. */
  public static CrowdOptions read(SettingsReader r) {
    Path file = r.get(CrowdSettings.CAMERAS_FILE);
    List<String> problems = new ArrayList<>();
    Map<String, String> cameras = cameras(file == null ? null : file.toString(), problems);
    problems.forEach(r::problem);
    return new CrowdOptions(cameras, r.get(CrowdSettings.DEFAULT_AREA_M2), r.get(CrowdSettings.DEFAULT_CAPACITY),
        r.get(CrowdSettings.MAX_FRAME_AGE_MS), r.get(CrowdSettings.ANALYSIS_THREADS));
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

}
