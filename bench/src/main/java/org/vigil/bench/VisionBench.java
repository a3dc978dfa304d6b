package org.vigil.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vigil.vision.CameraConfig;
import org.vigil.vision.eval.Annotations;
import org.vigil.vision.eval.Clip;
import org.vigil.vision.eval.Evaluation;

/**
 * Phase 4, vision: the crowd analyser of {@code ./vigil vision-eval} (the bundled vtest camera config, motion gating
 * on) over every frame of OpenCV's vtest clip in order, as a live camera would feed it; frames analysed per second
 * over the whole clip, and the mean absolute counting error on the hand-annotated frames next to the baseline of
 * always answering the mean annotated count.
 */
final class VisionBench {

  private VisionBench() {}

  static void run(Path repo, Results.Phase p) throws Exception {
    Path frames = repo.resolve(".vigil/data/vtest-frames");
    if (!Files.isRegularFile(frames.resolve("COMPLETE"))) {
      throw new IllegalStateException("no vtest frames at " + frames + " (infra/fetch-vtest.sh fetches them)");
    }
    Annotations ann = Annotations.read(repo.resolve(Annotations.VTEST));
    CameraConfig cfg;
    try (InputStream in = Evaluation.class.getResourceAsStream("vtest-camera.json")) {
      cfg = CameraConfig.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Clip clip = Clip.load(frames);
    p.method(String.format(Locale.ROOT, "org.vigil.vision.eval.Evaluation (as ./vigil vision-eval --no-baselines): "
        + "method %s with motion gating over all %d frames of vtest (768x576) in order, one analyser, in the bench "
        + "JVM; MAE over the %d hand-annotated frames", cfg.detector().method(), clip.size(), ann.frames().size()));
    Evaluation eval = new Evaluation(clip, ann);
    Evaluation.Result r = eval.runClip(cfg.detector().method().name() + " (gated)", cfg);
    Evaluation.Result mean = eval.meanBaseline();
    p.figures.put("method", r.name());
    p.figures.put("frames", r.frames());
    p.figures.put("seconds", Stats.round(r.seconds(), 2));
    p.figures.put("framesPerSec", Stats.round(r.fps(), 1));
    p.figures.put("detectorRuns", r.detectorRuns());
    p.figures.put("mae", Stats.round(r.mae(), 2));
    p.figures.put("bias", Stats.round(r.bias(), 2));
    p.figures.put("meanBaselineMae", Stats.round(mean.mae(), 2));
    p.figures.put("meanAnnotatedCount", Stats.round(ann.meanCount(), 2));
    p.row("vision: analysed frames/s (whole clip)", String.format(Locale.ROOT, "%.1f frames/s (%d frames, detector "
        + "on %d)", r.fps(), r.frames(), r.detectorRuns()));
    p.row("vision: counting error (MAE, people/frame)", String.format(Locale.ROOT, "%.2f (bias %+.2f; mean-count "
        + "baseline %.2f; mean annotated count %.1f)", r.mae(), r.bias(), mean.mae(), ann.meanCount()));
  }
}
