package org.vigil.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.vision.CameraConfig;

/**
 * The counting bar on the real clip: the configured method must beat both baselines on the hand-annotated
 * vtest frames. Needs the decoded clip ({@code infra/fetch-vtest.sh}); skips with that reason when it is absent.
 */
class VtestEvaluationIT {

  /** Where infra/fetch-vtest.sh puts the frames, seen from the module folder (failsafe's working directory). */
  static Path frames() {
    String dir = System.getProperty("vigil.data.dir");
    for (Path p : new Path[] {
        dir == null ? null : Path.of(dir, "vtest-frames"),
        Path.of("../.vigil/data/vtest-frames"),
        Path.of(".vigil/data/vtest-frames")}) {
      if (p != null && Files.isRegularFile(p.resolve("COMPLETE"))) {
        return p;
      }
    }
    return null;
  }

  static Path annotations() {
    Path p = Path.of("src/test/resources/vtest/vtest-annotations.json");
    return Files.exists(p) ? p : Annotations.VTEST;
  }

  @Test
  void configuredMethodBeatsBothBaselines() {
    Path frames = frames();
    assumeTrue(frames != null, "vtest frames absent: run infra/fetch-vtest.sh to fetch and decode the clip");
    Annotations ann = Annotations.read(annotations());
    CameraConfig cfg = EvaluateCli.loadConfig(null, Map.of());
    Evaluation eval = new Evaluation(Clip.load(frames), ann);

    Evaluation.Result method = eval.runClip(cfg.detector().method() + " (gated)", cfg);
    Evaluation.Result mean = eval.meanBaseline();
    CameraConfig hogCfg = new CameraConfig(cfg.cameraId(), cfg.zones(),
        new CameraConfig.Motion(false, 0.5, 300, 16, 0.0005, 24),
        cfg.detector().withMethod(CameraConfig.Method.HOG_NATIVE), cfg.flow());
    Evaluation.Result hog = eval.runAnnotatedOnly("HOG native", hogCfg);
    System.out.printf("vtest: %s MAE %.2f (%.1f frames/s, load %s); mean baseline %.2f; HOG native %.2f%n",
        method.name(), method.mae(), method.fps(), EvaluateCli.loadAverage(), mean.mae(), hog.mae());

    // hand-computed from the annotations: counts 5,6,7,9,7,7,7,6,6,4,3,3,4,6,6,6,7,8,9,8 sum to 124, mean 6.2;
    // |c - 6.2| sums to 26.4, so always predicting the mean scores MAE 1.32
    assertThat(ann.meanCount()).isEqualTo(6.2);
    assertThat(mean.mae()).isCloseTo(1.32, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(method.mae()).isLessThan(mean.mae()).isLessThan(hog.mae()).isLessThan(1.0);
  }
}
