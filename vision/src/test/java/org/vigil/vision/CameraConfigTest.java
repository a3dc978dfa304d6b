package org.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CameraConfigTest {

  @Test
  void parsesZonesAndFallsBackToDefaults() {
    CameraConfig c = CameraConfig.fromJson("""
        {"cameraId": "plaza-north",
         "zones": [{"id": "gate", "polygonPx": [[0, 300], [768, 300], [768, 576], [0, 576]],
                    "areaM2": 180.0, "capacity": 150}],
         "detector": {"method": "HYBRID", "personHeightBottomPx": 170}}
        """);
    assertThat(c.cameraId()).isEqualTo("plaza-north");
    assertThat(c.zones()).hasSize(1);
    Zone gate = c.zones().get(0);
    assertThat(gate.polygonPx()).containsExactly(new Point(0, 300), new Point(768, 300), new Point(768, 576),
        new Point(0, 576));
    assertThat(gate.pixelArea()).isEqualTo(768.0 * 276);
    assertThat(gate.areaM2()).isEqualTo(180.0);
    assertThat(gate.capacity()).isEqualTo(150);
    assertThat(c.detector().method()).isEqualTo(CameraConfig.Method.HYBRID);
    assertThat(c.detector().personHeightBottomPx()).isEqualTo(170);
    assertThat(c.detector().hogUpscale()).isEqualTo(CameraConfig.Detector.defaults().hogUpscale());
    assertThat(c.motion()).isEqualTo(CameraConfig.Motion.defaults());
    assertThat(c.flow()).isEqualTo(CameraConfig.Flow.defaults());
    assertThat(c.validate()).isEmpty();
  }

  @Test
  void validateListsEveryProblemAtOnce() {
    CameraConfig c = CameraConfig.fromJson("""
        {"zones": [{"id": "a", "polygonPx": [[0, 0], [10, 0]], "areaM2": 0},
                   {"id": "a", "polygonPx": [[0, 0], [5, 5], [10, 10]], "areaM2": 5, "capacity": -1}],
         "motion": {"scale": 2},
         "flow": {"levels": 0}}
        """);
    List<String> problems = c.validate();
    assertThat(problems).containsExactlyInAnyOrder(
        "cameraId is missing",
        "zones[0] 'a': polygonPx needs at least 3 points, has 2",
        "zones[0] 'a': areaM2 must be a finite number > 0, is 0.0",
        "zones[1] 'a': duplicate zone id",
        "zones[1] 'a': polygonPx encloses no area (points on one line?)",
        "zones[1] 'a': capacity must be >= 0 (0 = none), is -1",
        "motion.scale must be in (0, 1], is 2.0",
        "flow.levels must be in [1, 8], is 0");
  }

  @Test
  void aMissingAreaIsReportedNotDefaulted() {
    CameraConfig c = CameraConfig.fromJson("""
        {"cameraId": "c", "zones": [{"id": "z", "polygonPx": [[0, 0], [10, 0], [10, 10]]}]}
        """);
    assertThat(c.validate()).containsExactly("zones[0] 'z': areaM2 must be a finite number > 0, is NaN");
  }

  @Test
  void unknownKeysAndWrongTypesAreErrors() {
    assertThatThrownBy(() -> CameraConfig.fromJson("{\"cameraId\": \"c\", \"motion\": {\"scal\": 0.5}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key 'motion.scal'");
    assertThatThrownBy(() -> CameraConfig.fromJson("{\"cameraId\": \"c\", \"detector\": {\"method\": \"YOLO\"}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detector.method must be one of");
    assertThatThrownBy(() -> CameraConfig.fromJson("{\"cameraId\": 7}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cameraId must be a string");
    assertThatThrownBy(() -> CameraConfig.fromJson("{\"zones\": [{\"polygonPx\": [[1]]}]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zones[0].polygonPx[0] must be [x, y]");
    assertThatThrownBy(() -> CameraConfig.fromJson("not json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void theAnalyserRefusesAnInvalidConfigNamingTheProblems() {
    CameraConfig bad = new CameraConfig("cam", List.of(), new CameraConfig.Motion(true, 0, 0, 16, 0.001, 8),
        null, null);
    assertThatThrownBy(() -> new CrowdAnalyzer(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("motion.scale must be in (0, 1]").hasMessageContaining("motion.history must be >= 1");
  }

  @Test
  void perspectiveModelInterpolatesPersonHeightByRow() {
    CameraConfig.Detector d = new CameraConfig.Detector(CameraConfig.Method.BLOB, 2, 1.1, 0.3, 10, 110, 0.4, 0.25);
    // 101 rows: row 0 -> 10 px, row 100 -> 110 px, row 50 -> 60 px
    assertThat(d.personHeightAt(0, 101)).isEqualTo(10);
    assertThat(d.personHeightAt(50, 101)).isEqualTo(60);
    assertThat(d.personHeightAt(100, 101)).isEqualTo(110);
    assertThat(d.personHeightAt(500, 101)).isEqualTo(110);
  }
}
