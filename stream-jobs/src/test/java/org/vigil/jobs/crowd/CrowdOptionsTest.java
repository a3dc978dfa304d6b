package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.vision.CameraConfig;
import org.vigil.vision.Point;

class CrowdOptionsTest {

  @TempDir Path dir;

  @Test
  void defaultsAndTheWholeFrameZone() {
    CrowdOptions o = CrowdOptions.fromLookup(Map.<String, String>of()::get);
    assertThat(o.maxFrameAgeMs()).isEqualTo(2_000);
    assertThat(o.analysisThreads()).isEqualTo(1);
    CameraConfig c = o.cameraConfig("cam7", 640, 480);
    assertThat(c.zones()).hasSize(1);
    assertThat(c.zones().get(0).id()).isEqualTo("frame");
    assertThat(c.zones().get(0).areaM2()).isEqualTo(100.0);
    assertThat(c.zones().get(0).polygonPx()).containsExactly(new Point(0, 0), new Point(640, 0), new Point(640, 480),
        new Point(0, 480));
    assertThat(c.validate()).isEmpty();
  }

  @Test
  void camerasFromTheFileAndSettingsFromKeys() throws Exception {
    Path f = dir.resolve("cameras.json");
    Files.writeString(f, "[{\"cameraId\": \"gate\", \"zones\": [{\"id\": \"queue\", \"polygonPx\": "
        + "[[0,300],[768,300],[768,576],[0,576]], \"areaM2\": 180.0, \"capacity\": 150}]}, {\"cameraId\": \"hall\"}]");
    CrowdOptions o = CrowdOptions.fromLookup(Map.of("VIGIL_CAMERAS_FILE", f.toString(),
        "VIGIL_CROWD_DEFAULT_AREA_M2", "50", "VIGIL_CROWD_MAX_FRAME_AGE_MS", "0")::get);
    assertThat(o.cameraConfig("gate", 768, 576).zones().get(0).capacity()).isEqualTo(150);
    // configured without zones: the whole frame with the default area
    assertThat(o.cameraConfig("hall", 768, 576).zones().get(0).areaM2()).isEqualTo(50.0);
    assertThat(o.maxFrameAgeMs()).isZero();
  }

  @Test
  void everyProblemIsReportedAtOnce() throws Exception {
    Path f = dir.resolve("cameras.json");
    Files.writeString(f, "[{\"cameraId\": \"a\", \"zones\": [{\"id\": \"z\", \"polygonPx\": [[0,0],[1,0]], "
        + "\"areaM2\": -1}]}, {\"cameraId\": \"a\"}, {\"camId\": \"typo\"}]");
    assertThatThrownBy(() -> CrowdOptions.fromLookup(Map.of("VIGIL_CAMERAS_FILE", f.toString(),
        "VIGIL_CROWD_DEFAULT_AREA_M2", "x", "VIGIL_CROWD_ANALYSIS_THREADS", "0",
        "VIGIL_CROWD_DENSITY_LEVELS", "purple:3")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VIGIL_CROWD_DEFAULT_AREA_M2='x': not a number")
        .hasMessageContaining("VIGIL_CROWD_ANALYSIS_THREADS='0': out of range 1..64")
        .hasMessageContaining("VIGIL_CROWD_DENSITY_LEVELS: is no longer read (crowd thresholds are rules of the "
            + "ruleset now, see crowd-density (levels) in infra/rules/default.yaml")
        .hasMessageContaining("camera 0: zones[0]")
        .hasMessageContaining("camera 'a' is configured twice")
        .hasMessageContaining("camera 2:");
  }
}
