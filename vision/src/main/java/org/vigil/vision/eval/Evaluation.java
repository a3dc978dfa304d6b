package org.vigil.vision.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.vision.CameraConfig;
import org.vigil.vision.CrowdAnalyzer;
import org.vigil.vision.FrameAnalysis;

/** Runs analysers over a clip and scores their counts against annotations. */
public final class Evaluation {

  /** Frame interval of vtest.avi (10 fps), for capture timestamps. */
  private static final long FRAME_MS = 100;

  private final Clip clip;
  private final Annotations annotations;

  public Evaluation(Clip clip, Annotations annotations) {
    this.clip = clip;
    this.annotations = annotations;
  }

  public Clip clip() {
    return clip;
  }

  /**
   * One method's outcome.
   *
   * @param name method label
   * @param predicted predicted count per annotated frame index
   * @param mae mean absolute error against the annotations
   * @param bias mean signed error (predicted - annotated): negative is undercounting
   * @param frames frames analysed for the timing (0 for a baseline that analyses nothing)
   * @param seconds wall time for those frames
   * @param detectorRuns frames on which the detector ran
   */
  public record Result(
      String name, Map<Integer, Double> predicted, double mae, double bias, int frames, double seconds,
      int detectorRuns) {

    /** Frames per second; NaN for a baseline that analyses nothing. */
    public double fps() {
      return frames == 0 ? Double.NaN : frames / seconds;
    }
  }

  private Result score(String name, Map<Integer, Double> predicted, int frames, double seconds, int runs) {
    double abs = 0;
    double signed = 0;
    for (Annotations.Frame f : annotations.frames()) {
      double e = predicted.get(f.frame()) - f.count();
      abs += Math.abs(e);
      signed += e;
    }
    int n = annotations.frames().size();
    return new Result(name, predicted, abs / n, signed / n, frames, seconds, runs);
  }

  /** Analyses every frame of the clip in order with one analyser (as a live camera would), timing all of it. */
  public Result runClip(String name, CameraConfig cfg) {
    Map<Integer, Double> predicted = new LinkedHashMap<>();
    int runs = 0;
    long t0;
    try (CrowdAnalyzer analyzer = new CrowdAnalyzer(cfg)) {
      t0 = System.nanoTime();
      for (int i = 0; i < clip.size(); i++) {
        FrameAnalysis fa = analyzer.analyze(clip.frame(i), i * FRAME_MS);
        if (fa.detectorRan()) {
          runs++;
        }
        predicted.put(i, (double) fa.people());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<Integer, Double> annotated = new LinkedHashMap<>();
    annotations.frames().forEach(f -> annotated.put(f.frame(), predicted.get(f.frame())));
    return score(name, annotated, clip.size(), seconds, runs);
  }

  /** Analyses only the annotated frames, each with a fresh analyser (for stateless methods such as HOG native). */
  public Result runAnnotatedOnly(String name, CameraConfig cfg) {
    Map<Integer, Double> predicted = new LinkedHashMap<>();
    long nanos = 0;
    try (CrowdAnalyzer analyzer = new CrowdAnalyzer(cfg)) {
      for (Annotations.Frame f : annotations.frames()) {
        long t0 = System.nanoTime();
        FrameAnalysis fa = analyzer.analyze(clip.frame(f.frame()), f.frame() * FRAME_MS);
        nanos += System.nanoTime() - t0;
        predicted.put(f.frame(), (double) fa.people());
      }
    }
    return score(name, predicted, annotations.frames().size(), nanos / 1e9, annotations.frames().size());
  }

  /** Always predicts the mean annotated count (the best constant for squared error, a fair one for MAE). */
  public Result meanBaseline() {
    Map<Integer, Double> predicted = new LinkedHashMap<>();
    double mean = annotations.meanCount();
    annotations.frames().forEach(f -> predicted.put(f.frame(), mean));
    return score("mean count baseline", predicted, 0, 0, 0);
  }
}
