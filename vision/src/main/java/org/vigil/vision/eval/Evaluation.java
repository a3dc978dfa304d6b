package org.vigil.vision.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.BackgroundSubtractorMOG2;
import org.opencv.video.Video;
import org.vigil.vision.CameraConfig;
import org.vigil.vision.CrowdAnalyzer;
import org.vigil.vision.FrameAnalysis;
import org.vigil.vision.LineCount;
import org.vigil.vision.internal.OpenCvLoader;

/**
 * Runs the analyser and the baselines over a clip in order (as a camera would feed them) and scores their counts on
 * the annotated frames of each part of the {@link Split}, and the analyser's line counts against the annotated
 * crossings.
 */
public final class Evaluation {

  static {
    OpenCvLoader.load();
  }

  /** Frame interval of vtest.avi (10 fps), for capture timestamps. */
  public static final long FRAME_MS = 100;

  /** Smallest foreground blob the MOG2 baseline counts as a person, full-resolution pixels. */
  public static final double MOG2_MIN_AREA = 150;

  private final Clip clip;
  private final Annotations annotations;

  public Evaluation(Clip clip, Annotations annotations) {
    this.clip = clip;
    this.annotations = annotations;
  }

  public Clip clip() {
    return clip;
  }

  public Annotations annotations() {
    return annotations;
  }

  /**
   * A method's answers for every frame of the clip.
   *
   * @param name label
   * @param counts people per frame (clip order)
   * @param lineIn cumulative {@code in} crossings of the scored line after each frame (empty without one)
   * @param lineOut cumulative {@code out} crossings after each frame
   * @param seconds wall time over the whole clip (0 for a method that analyses nothing)
   * @param detectorRuns frames on which the detector ran
   * @param feet per frame, the counted people's foot points {x, y, state (0 moving, 1 still, 2 lost), track id}
   *     (empty for a method without tracks)
   */
  public record Run(String name, double[] counts, long[] lineIn, long[] lineOut, double seconds, int detectorRuns,
      List<List<double[]>> feet) {

    /** A run without foot points. */
    public Run(String name, double[] counts, long[] lineIn, long[] lineOut, double seconds, int detectorRuns) {
      this(name, counts, lineIn, lineOut, seconds, detectorRuns, List.of());
    }

    /** Frames per second over the clip; NaN for a method that analyses nothing. */
    public double fps() {
      return seconds == 0 ? Double.NaN : counts.length / seconds;
    }

    /** in, out crossings during the frames of {@code part}. */
    public long[] crossings(Split.Part part) {
      long in = 0;
      long out = 0;
      for (int i = 0; i < lineIn.length; i++) {
        if (part.contains(i)) {
          in += lineIn[i] - (i == 0 ? 0 : lineIn[i - 1]);
          out += lineOut[i] - (i == 0 ? 0 : lineOut[i - 1]);
        }
      }
      return new long[] {in, out};
    }
  }

  /**
   * Counting error of a run on one part.
   *
   * @param mae mean absolute error against the annotated counts
   * @param bias mean signed error (predicted - annotated): negative is undercounting
   * @param frames annotated frames scored
   */
  public record Score(String name, double mae, double bias, int frames) {}

  /** Scores a run's counts on the annotated frames of a part. */
  public Score score(Run run, Split.Part part) {
    double abs = 0;
    double signed = 0;
    int n = 0;
    for (Annotations.Frame f : annotations.frames(part)) {
      if (f.frame() >= run.counts().length) {
        continue;
      }
      double e = run.counts()[f.frame()] - f.count();
      abs += Math.abs(e);
      signed += e;
      n++;
    }
    return new Score(run.name(), n == 0 ? Double.NaN : abs / n, n == 0 ? Double.NaN : signed / n, n);
  }

  /**
   * Scores a run's counts on every frame between two consecutive annotated frames of a part (both in it, at most
   * 8 frames apart, every person with an id), not only on the annotated ones: a person annotated in both frames is
   * taken to be there in between, one annotated in only one of them may or may not be; the frame's error is how far
   * the count lies outside that range (0 inside it). The annotated frames themselves have a range of one value.
   * Closer to a count on every frame than the annotated frames alone, and lenient where people come and go.
   */
  public Score scoreBetween(Run run, Split.Part part) {
    java.util.TreeMap<Integer, Annotations.Frame> byFrame = new java.util.TreeMap<>();
    for (Annotations.Frame f : annotations.frames(part)) {
      if (f.ids().size() == f.count()) {
        byFrame.put(f.frame(), f);
      }
    }
    double abs = 0;
    double signed = 0;
    int n = 0;
    for (int i = 0; i < run.counts().length; i++) {
      Map.Entry<Integer, Annotations.Frame> before = byFrame.floorEntry(i);
      Map.Entry<Integer, Annotations.Frame> after = byFrame.ceilingEntry(i);
      if (before == null || after == null || after.getKey() - before.getKey() > 8 || !part.contains(i)) {
        continue;
      }
      Set<String> both = new HashSet<>(before.getValue().ids());
      both.retainAll(after.getValue().ids());
      Set<String> either = new HashSet<>(before.getValue().ids());
      either.addAll(after.getValue().ids());
      double c = run.counts()[i];
      double e = c < both.size() ? c - both.size() : c > either.size() ? c - either.size() : 0;
      abs += Math.abs(e);
      signed += e;
      n++;
    }
    return new Score(run.name(), n == 0 ? Double.NaN : abs / n, n == 0 ? Double.NaN : signed / n, n);
  }

  /** A run's errors per tuning block, for {@link CrossValidation}. */
  public CrossValidation.Candidate blockErrors(Run run) {
    double[] abs = new double[CrossValidation.BLOCKS];
    int[] n = new int[CrossValidation.BLOCKS];
    for (Annotations.Frame f : annotations.frames(Split.Part.TUNING)) {
      int b = CrossValidation.block(f.frame());
      if (b < 0 || f.frame() >= run.counts().length) {
        continue;
      }
      abs[b] += Math.abs(run.counts()[f.frame()] - f.count());
      n[b]++;
    }
    return new CrossValidation.Candidate(run.name(), abs, n);
  }

  /**
   * Runs the analyser with {@code cfg} over every frame in order, one instance, timing all of it; the line counts
   * are those of {@code lineId} (none when null or not configured).
   */
  public Run runAnalyser(String name, CameraConfig cfg, String lineId) {
    int n = clip.size();
    double[] counts = new double[n];
    long[] in = new long[n];
    long[] out = new long[n];
    List<List<double[]>> feet = new ArrayList<>(n);
    int runs = 0;
    long t0;
    long t1;
    try (CrowdAnalyzer analyzer = new CrowdAnalyzer(cfg)) {
      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        FrameAnalysis fa = analyzer.analyze(clip.frame(i), i * FRAME_MS);
        if (fa.detectorRan()) {
          runs++;
        }
        counts[i] = fa.people();
        List<double[]> f = new ArrayList<>(fa.tracks().size());
        for (org.vigil.vision.Track t : fa.tracks()) {
          double state = org.vigil.vision.Track.STILL.equals(t.state()) ? 1
              : org.vigil.vision.Track.LOST.equals(t.state()) ? 2 : 0;
          f.add(new double[] {t.footX(), t.footY(), state, t.id()});
        }
        feet.add(f);
        for (LineCount lc : fa.lines()) {
          if (lc.lineId().equals(lineId)) {
            in[i] = lc.in();
            out[i] = lc.out();
          }
        }
      }
      t1 = System.nanoTime();
    }
    return new Run(name, counts, in, out, (t1 - t0) / 1e9, runs, feet);
  }

  /**
   * The plain background-subtraction baseline: OpenCV's MOG2 with its default settings (history 500, threshold 16,
   * shadow detection on) on the full-resolution frame, each external contour of the foreground (shadows, marked
   * 127, excluded; no morphology) with an area of at least {@link #MOG2_MIN_AREA} px counted as one person.
   */
  public Run runMog2Blobs() {
    int n = clip.size();
    double[] counts = new double[n];
    BackgroundSubtractorMOG2 mog2 = Video.createBackgroundSubtractorMOG2();
    Mat mask = new Mat();
    Mat fg = new Mat();
    Mat hierarchy = new Mat();
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < n; i++) {
        Mat bgr = Imgcodecs.imdecode(new org.opencv.core.MatOfByte(clip.frame(i)), Imgcodecs.IMREAD_COLOR);
        try {
          mog2.apply(bgr, mask);
          Imgproc.threshold(mask, fg, 200, 255, Imgproc.THRESH_BINARY);
          List<MatOfPoint> contours = new ArrayList<>();
          Imgproc.findContours(fg, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
          int people = 0;
          for (MatOfPoint c : contours) {
            if (Imgproc.contourArea(c) >= MOG2_MIN_AREA) {
              people++;
            }
            c.release();
          }
          counts[i] = people;
        } finally {
          bgr.release();
        }
      }
    } finally {
      mask.release();
      fg.release();
      hierarchy.release();
    }
    return new Run("MOG2 blobs (1 blob = 1 person)", counts, new long[0], new long[0],
        (System.nanoTime() - t0) / 1e9, n);
  }

  /** Height in pixels of the clip's first frame. */
  public int frameHeight() {
    Mat m = Imgcodecs.imdecode(new org.opencv.core.MatOfByte(clip.frame(0)), Imgcodecs.IMREAD_GRAYSCALE);
    try {
      return m.rows();
    } finally {
      m.release();
    }
  }

  /** Raw limit: frames/s of JPEG decoding alone (straight to grey, as the analyser decodes) over the clip. */
  public double rawDecodeFps() {
    long t0 = System.nanoTime();
    for (int i = 0; i < clip.size(); i++) {
      Imgcodecs.imdecode(new org.opencv.core.MatOfByte(clip.frame(i)), Imgcodecs.IMREAD_GRAYSCALE).release();
    }
    return clip.size() / ((System.nanoTime() - t0) / 1e9);
  }

  /** Raw limit: frames/s of grey decode, downscale by {@code scale} and MOG2 alone (the analyser's first steps). */
  public double rawMog2Fps(double scale) {
    BackgroundSubtractorMOG2 mog2 = Video.createBackgroundSubtractorMOG2();
    Mat small = new Mat();
    Mat mask = new Mat();
    long t0 = System.nanoTime();
    for (int i = 0; i < clip.size(); i++) {
      Mat decoded = Imgcodecs.imdecode(new org.opencv.core.MatOfByte(clip.frame(i)), Imgcodecs.IMREAD_GRAYSCALE);
      Imgproc.resize(decoded, small, new org.opencv.core.Size(), scale, scale, Imgproc.INTER_AREA);
      mog2.apply(small, mask);
      decoded.release();
    }
    double fps = clip.size() / ((System.nanoTime() - t0) / 1e9);
    small.release();
    mask.release();
    return fps;
  }

  /** Always answers the mean annotated count of the tuning part (the only part a method may learn from). */
  public Run meanBaseline() {
    double mean = annotations.frames(Split.Part.TUNING).stream().mapToInt(Annotations.Frame::count).average()
        .orElse(annotations.meanCount());
    double[] counts = new double[clip.size()];
    java.util.Arrays.fill(counts, mean);
    return new Run(String.format(java.util.Locale.ROOT, "always the tuning mean (%.2f)", mean), counts, new long[0],
        new long[0], 0, 0);
  }

  /** Annotated crossings in a part: {east, west}. */
  public long[] annotatedCrossings(Split.Part part) {
    long east = 0;
    long west = 0;
    for (Annotations.Crossing c : annotations.crossings()) {
      if (part.contains(c.frame())) {
        if (c.east()) {
          east++;
        } else {
          west++;
        }
      }
    }
    return new long[] {east, west};
  }
}
