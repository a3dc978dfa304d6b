package org.vigil.simulator.camera;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the simulated cameras.
 *
 * @param mqttUrl broker
 * @param sites site ids; every site gets {@code camerasPerSite} cameras {@code cam1, cam2, ...}
 * @param camerasPerSite cameras per site (0: none)
 * @param fps frames per second per camera
 * @param clipDir directory of JPEG frames of a real clip; null or missing: the synthetic scene
 * @param width synthetic frame width, pixels
 * @param height synthetic frame height, pixels
 * @param crowd how many people the synthetic scene shows over time
 * @param duration stop after this long; null: until stopped
 * @param seed random seed of the synthetic scene
 * @param clientId MQTT client id
 */
public record CameraFeedOptions(String mqttUrl, List<String> sites, int camerasPerSite, double fps, Path clipDir,
    int width, int height, SyntheticScene.CrowdProfile crowd, Duration duration, long seed, String clientId) {

  /** The clip folder {@code infra/fetch-vtest.sh} fills. */
  public static final Path DEFAULT_CLIP_DIR = Path.of(".vigil/data/vtest-frames");

  /**
   * The synthetic default: 3 people for 20 s, then rising to 7 over 20 s. The demo county's gorge gate (a zone of
   * 6.8 m², infra/registry/demo-cameras.json) then holds about 1 person/m², Fruin's level of service D: below the
   * shipped ruleset's daily crowd-density yellow (1.08) and above its holiday one at tourist sites (0.8), so that the
   * demo's holiday switch a minute in shows what the mode changes. (The analyser counts few people this close to
   * exactly; a larger drawn crowd is undercounted by a third and more, so that its density scatters.)
   */
  public static final SyntheticScene.CrowdProfile DEFAULT_CROWD = new SyntheticScene.CrowdProfile(3, 7, 20, 20);

  public CameraFeedOptions {
    sites = List.copyOf(sites);
    List<String> p = new ArrayList<>();
    if (camerasPerSite < 0) {
      p.add("cameras per site must be >= 0");
    }
    if (!(fps > 0 && fps <= 60)) {
      p.add("camera fps must be in (0, 60], is " + fps);
    }
    if (width < 64 || height < 64 || width > 4096 || height > 4096) {
      p.add("frame size must be 64..4096 pixels a side");
    }
    if (crowd.start() < 0 || crowd.peak() < 0) {
      p.add("people counts must be >= 0");
    }
    if (!p.isEmpty()) {
      throw new IllegalArgumentException("invalid camera simulator options: " + String.join("; ", p));
    }
  }

  /** The frames of camera {@code n} (0-based) of all: the clip when present, else the synthetic scene. */
  public FrameSource source(int n) {
    if (ClipFrames.available(clipDir)) {
      return new ClipFrames(clipDir, n * 97);
    }
    return new SyntheticScene(width, height, crowd, seed + n);
  }
}
