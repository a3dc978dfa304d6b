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
import org.vigil.vision.eval.Split;

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
    String line = cfg.lines().isEmpty() ? null : cfg.lines().get(0).id();
    p.method(String.format(Locale.ROOT, "org.vigil.vision.eval.Evaluation (as ./vigil vision-eval): method %s with "
        + "motion gating and tracking %s over all %d frames of vtest (768x576) in order, one analyser, in the bench "
        + "JVM; raw limits in the same run: JPEG decode to grey alone, and decode + MOG2 at the analyser's scale alone; MAE "
        + "on the test part of the split (%d annotated frames)", cfg.detector().method(),
        cfg.tracking().enabled() ? "on" : "off", clip.size(), ann.frames(Split.Part.TEST).size()));
    Evaluation eval = new Evaluation(clip, ann);
    double decodeFps = eval.rawDecodeFps();
    double mog2Fps = eval.rawMog2Fps(cfg.motion().scale());
    Evaluation.Run r = eval.runAnalyser(cfg.detector().method().name() + " + tracking", cfg, line);
    Evaluation.Score s = eval.score(r, Split.Part.TEST);
    Evaluation.Score mean = eval.score(eval.meanBaseline(), Split.Part.TEST);
    p.figures.put("method", r.name());
    p.figures.put("frames", r.counts().length);
    p.figures.put("seconds", Stats.round(r.seconds(), 2));
    p.figures.put("framesPerSec", Stats.round(r.fps(), 1));
    p.figures.put("rawDecodeFramesPerSec", Stats.round(decodeFps, 1));
    p.figures.put("rawDecodeMog2FramesPerSec", Stats.round(mog2Fps, 1));
    p.figures.put("detectorRuns", r.detectorRuns());
    p.figures.put("testMae", Stats.round(s.mae(), 2));
    p.figures.put("testBias", Stats.round(s.bias(), 2));
    p.figures.put("testMeanBaselineMae", Stats.round(mean.mae(), 2));
    p.row("vision: analysed frames/s with tracking (whole clip, 768x576)", String.format(Locale.ROOT,
        "%.1f frames/s (%d frames, detector on %d); raw limits: JPEG decode to grey alone %.1f, decode + MOG2 %.1f",
        r.fps(), r.counts().length, r.detectorRuns(), decodeFps, mog2Fps));
    p.row("vision: counting error, test part (MAE, people/frame)", String.format(Locale.ROOT,
        "%.2f (bias %+.2f; always-the-mean baseline %.2f)", s.mae(), s.bias(), mean.mae()));
  }
}
