package org.vigil.vision;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the analyser needs to know about one camera: its zones and how to gate, detect and measure motion.
 *
 * <p>Build it with {@link #of(String, List)} (all defaults) or from a JSON file with {@link CameraConfigJson#parse}
 * ({@link #fromJson(String)}); the canonical constructors of the nested option records may gain parameters in later
 * versions, the factories and JSON keys will not lose any. {@link #validate()} lists every problem at once;
 * {@link CrowdAnalyzer} refuses an invalid configuration.
 *
 * @param cameraId camera id, as in the topic {@code vigil/{site}/camera/{cameraId}/frame}
 * @param zones watched zones; may be empty (then only the frame-wide count is reported)
 * @param motion motion gating options
 * @param detector people detector options
 * @param flow dense optical flow (motion energy) options
 * @param lines counting lines (may be empty): crossings of tracked foot points are counted per direction
 * @param tracking tracker options (identities from frame to frame, people who stop, line and zone counts)
 */
public record CameraConfig(
    String cameraId, List<Zone> zones, Motion motion, Detector detector, Flow flow, List<CountingLine> lines,
    Tracking tracking) {

  /** Copies the lists; null option groups become their defaults. */
  public CameraConfig {
    zones = zones == null ? List.of() : List.copyOf(zones);
    motion = motion == null ? Motion.defaults() : motion;
    detector = detector == null ? Detector.defaults() : detector;
    flow = flow == null ? Flow.defaults() : flow;
    lines = lines == null ? List.of() : List.copyOf(lines);
    tracking = tracking == null ? Tracking.defaults() : tracking;
  }

  /** A configuration without counting lines and with the default tracker. */
  public CameraConfig(String cameraId, List<Zone> zones, Motion motion, Detector detector, Flow flow) {
    this(cameraId, zones, motion, detector, flow, List.of(), Tracking.defaults());
  }

  /** A configuration with the given zones and every option at its default. */
  public static CameraConfig of(String cameraId, List<Zone> zones) {
    return new CameraConfig(cameraId, zones, Motion.defaults(), Detector.defaults(), Flow.defaults());
  }

  /** A copy with another detector. */
  public CameraConfig withDetector(Detector d) {
    return new CameraConfig(cameraId, zones, motion, d, flow, lines, tracking);
  }

  /** A copy with other motion options. */
  public CameraConfig withMotion(Motion m) {
    return new CameraConfig(cameraId, zones, m, detector, flow, lines, tracking);
  }

  /** A copy with other tracker options. */
  public CameraConfig withTracking(Tracking t) {
    return new CameraConfig(cameraId, zones, motion, detector, flow, lines, t);
  }

  /**
   * Parses the JSON format described in {@link CameraConfigJson}; does not validate.
   *
   * @throws IllegalArgumentException when the text is not JSON or a field has the wrong type or is unknown
   */
  public static CameraConfig fromJson(String json) {
    return CameraConfigJson.parse(json);
  }

  /** Every problem with this configuration, one message each; empty when it is valid. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (cameraId == null || cameraId.isBlank()) {
      problems.add("cameraId is missing");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < zones.size(); i++) {
      Zone z = zones.get(i);
      String name = "zones[" + i + "]" + (z.id() == null ? "" : " '" + z.id() + "'");
      if (z.id() == null || z.id().isBlank()) {
        problems.add(name + ": id is missing");
      } else if (!ids.add(z.id())) {
        problems.add(name + ": duplicate zone id");
      }
      if (z.polygonPx().size() < 3) {
        problems.add(name + ": polygonPx needs at least 3 points, has " + z.polygonPx().size());
      } else if (z.pixelArea() <= 0) {
        problems.add(name + ": polygonPx encloses no area (points on one line?)");
      }
      if (!(z.areaM2() > 0) || Double.isInfinite(z.areaM2())) {
        problems.add(name + ": areaM2 must be a finite number > 0, is " + z.areaM2());
      }
      if (z.capacity() < 0) {
        problems.add(name + ": capacity must be >= 0 (0 = none), is " + z.capacity());
      }
    }
    Set<String> lineIds = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      CountingLine l = lines.get(i);
      String name = "lines[" + i + "]" + (l.id() == null ? "" : " '" + l.id() + "'");
      if (l.id() == null || l.id().isBlank()) {
        problems.add(name + ": id is missing");
      } else if (!lineIds.add(l.id())) {
        problems.add(name + ": duplicate line id");
      }
      if (l.from() == null || l.to() == null) {
        problems.add(name + ": from and to are both required, as [x, y]");
      } else if (l.length() < 1) {
        problems.add(name + ": from and to are the same point; a line needs two distinct ends");
      }
    }
    motion.validate(problems);
    detector.validate(problems);
    flow.validate(problems);
    tracking.validate(problems);
    return problems;
  }

  /**
   * The tracker: a constant-velocity Kalman filter per person on the foot point, Hungarian assignment of detections
   * to tracks, appearance checks to keep people who stop, and a rolling scan of the whole view for people who never
   * moved (module README, "Tracking").
   *
   * @param enabled track people (default true); when false {@code people} is the detector's count of the frame, and
   *     there are no tracks, line counts, entries, exits or dwell times
   * @param confirmFrames detections in a row (allowing one miss) before a new track counts (default 3)
   * @param maxLostFrames frames a moving track coasts on its motion model without being seen before it is dropped
   *     (default 8; 0.8 s at 10 frames/s)
   * @param gateHeights largest distance between a predicted and a detected foot point that may be assigned, in
   *     expected person heights at that row (default 0.5)
   * @param keepMatch normalised cross-correlation of a track's image patch with its own last-seen appearance above
   *     which an unseen track is kept as {@code still} (default 0.6)
   * @param keepMaxS longest a track is kept on appearance alone, without any detection, seconds (default 600)
   * @param scanPeriodFrames the rolling scan visits the whole view once per this many frames (default 40); 0 turns the
   *     scan off
   * @param scanHitThreshold HOG SVM margin a scan detection needs (default 1.0; higher than for moving regions, since
   *     a scan looks at the whole still view, where false detections would never move away)
   * @param warmUpS seconds after the first frame during which people found are taken as already there rather than
   *     entries (default 5)
   */
  public record Tracking(
      boolean enabled,
      int confirmFrames,
      int maxLostFrames,
      double gateHeights,
      double keepMatch,
      double keepMaxS,
      int scanPeriodFrames,
      double scanHitThreshold,
      double warmUpS) {

    public static Tracking defaults() {
      return new Tracking(true, 3, 8, 0.5, 0.6, 600, 40, 1.0, 5);
    }

    void validate(List<String> problems) {
      if (confirmFrames < 1 || confirmFrames > 50) {
        problems.add("tracking.confirmFrames must be in [1, 50], is " + confirmFrames);
      }
      if (maxLostFrames < 0 || maxLostFrames > 1000) {
        problems.add("tracking.maxLostFrames must be in [0, 1000], is " + maxLostFrames);
      }
      if (!(gateHeights > 0 && gateHeights <= 5)) {
        problems.add("tracking.gateHeights must be in (0, 5], is " + gateHeights);
      }
      if (!(keepMatch > -1 && keepMatch <= 1)) {
        problems.add("tracking.keepMatch must be in (-1, 1], is " + keepMatch);
      }
      if (!(keepMaxS >= 0) || Double.isInfinite(keepMaxS)) {
        problems.add("tracking.keepMaxS must be finite and >= 0, is " + keepMaxS);
      }
      if (scanPeriodFrames < 0) {
        problems.add("tracking.scanPeriodFrames must be >= 0 (0 = no scan), is " + scanPeriodFrames);
      }
      if (!Double.isFinite(scanHitThreshold)) {
        problems.add("tracking.scanHitThreshold must be finite, is " + scanHitThreshold);
      }
      if (!(warmUpS >= 0) || Double.isInfinite(warmUpS)) {
        problems.add("tracking.warmUpS must be finite and >= 0, is " + warmUpS);
      }
    }
  }

  /**
   * Motion gating: a background model on a downscaled grey frame decides whether anything moved and where; the
   * detector runs only on the moving regions, and not at all on a still frame.
   *
   * @param enabled gate the detector on motion (default true); when false the detector runs on every full frame
   * @param scale downscale factor of the frame the background model sees (default 0.5:
   *     768x576 becomes 384x288)
   * @param history frames the MOG2 background model remembers (default 300, 30 s at 10 fps: a person standing still
   *     that long becomes background, and is then kept by carrying the last detections over)
   * @param varThreshold MOG2 squared Mahalanobis distance for a pixel to be foreground (default 16, OpenCV's default)
   * @param minMovingFraction a frame with less foreground than this fraction of its pixels is still (default 0.0005)
   * @param regionPaddingPx padding added around each moving region, full-resolution pixels (default 24), so that a
   *     person only partly moving (legs) is seen whole
   */
  public record Motion(
      boolean enabled,
      double scale,
      int history,
      double varThreshold,
      double minMovingFraction,
      int regionPaddingPx) {

    public static Motion defaults() {
      return new Motion(true, 0.5, 300, 16, 0.0005, 24);
    }

    void validate(List<String> problems) {
      if (!(scale > 0 && scale <= 1)) {
        problems.add("motion.scale must be in (0, 1], is " + scale);
      }
      if (history < 1) {
        problems.add("motion.history must be >= 1, is " + history);
      }
      if (!(varThreshold > 0)) {
        problems.add("motion.varThreshold must be > 0, is " + varThreshold);
      }
      if (!(minMovingFraction >= 0 && minMovingFraction < 1)) {
        problems.add("motion.minMovingFraction must be in [0, 1), is " + minMovingFraction);
      }
      if (regionPaddingPx < 0) {
        problems.add("motion.regionPaddingPx must be >= 0, is " + regionPaddingPx);
      }
    }
  }

  /** How persons are found. */
  public enum Method {
    /** OpenCV's HOG people detector on the full frame at native scale (the baseline). */
    HOG_NATIVE,
    /** HOG on the moving regions, enlarged (at most {@link Detector#hogUpscale()}) so that small people fit the window. */
    HOG_REGIONS,
    /** Foreground blobs, each counted as blob area / expected person area at its row. */
    BLOB,
    /** HOG on upscaled moving regions; foreground blobs that no HOG box explains are counted by their area. */
    HYBRID
  }

  /**
   * People detector options.
   *
   * @param method detection method (default {@link Method#HYBRID}, chosen by measurement: see the module README)
   * @param hogUpscale largest factor a moving region is enlarged by before HOG (default 2.0); each region is enlarged
   *     just enough for the person expected at its bottom row (perspective model) to be about 130 px tall, so that
   *     HOG's 64x128 window fits far people, and near people cost nothing extra
   * @param hogScale HOG multi-scale pyramid step (default 1.1)
   * @param hogHitThreshold HOG SVM margin a window needs to count (default 0.3)
   * @param personHeightTopPx expected height of a standing person whose feet are on the top row, full-resolution
   *     pixels (default 60); with {@code personHeightBottomPx} a linear perspective model for blob sizing
   * @param personHeightBottomPx expected height of a standing person whose feet are on the bottom row (default 190)
   * @param personAspect expected width / height of a person's box (default 0.4)
   * @param minBlobFraction a foreground blob smaller than this fraction of the expected person area is ignored
   *     (default 0.25)
   */
  public record Detector(
      Method method,
      double hogUpscale,
      double hogScale,
      double hogHitThreshold,
      double personHeightTopPx,
      double personHeightBottomPx,
      double personAspect,
      double minBlobFraction) {

    public static Detector defaults() {
      return new Detector(Method.HYBRID, 2.0, 1.1, 0.3, 60, 190, 0.4, 0.25);
    }

    /** Expected person height in pixels for feet at {@code row} of a frame {@code height} rows high. */
    public double personHeightAt(double row, int height) {
      double t = Math.max(0, Math.min(1, row / Math.max(1, height - 1)));
      return personHeightTopPx + (personHeightBottomPx - personHeightTopPx) * t;
    }

    /** A copy with another method. */
    public Detector withMethod(Method m) {
      return new Detector(
          m, hogUpscale, hogScale, hogHitThreshold, personHeightTopPx, personHeightBottomPx, personAspect,
          minBlobFraction);
    }

    void validate(List<String> problems) {
      if (method == null) {
        problems.add("detector.method is missing");
      }
      if (!(hogUpscale >= 1 && hogUpscale <= 4)) {
        problems.add("detector.hogUpscale must be in [1, 4], is " + hogUpscale);
      }
      if (!(hogScale > 1 && hogScale <= 2)) {
        problems.add("detector.hogScale must be in (1, 2], is " + hogScale);
      }
      if (!Double.isFinite(hogHitThreshold)) {
        problems.add("detector.hogHitThreshold must be finite, is " + hogHitThreshold);
      }
      if (!(personHeightTopPx > 0) || !(personHeightBottomPx > 0)) {
        problems.add("detector.personHeightTopPx and personHeightBottomPx must be > 0, are "
            + personHeightTopPx + " and " + personHeightBottomPx);
      }
      if (!(personAspect > 0 && personAspect <= 2)) {
        problems.add("detector.personAspect must be in (0, 2], is " + personAspect);
      }
      if (!(minBlobFraction >= 0 && minBlobFraction < 1)) {
        problems.add("detector.minBlobFraction must be in [0, 1), is " + minBlobFraction);
      }
    }
  }

  /**
   * Dense optical flow (Farnebäck) for motion energy, on a downscaled grey frame.
   *
   * @param enabled compute motion energy (default true); when false motionEnergy is 0
   * @param scale downscale factor of the frame the flow is computed on (default 0.25: 768x576 becomes 192x144;
   *     Farnebäck costs ~4x less per halving of the scale, and crowd motion energy needs no fine detail)
   * @param minMagnitudePx a pixel moves when its flow is at least this many full-resolution pixels per frame
   *     (default 1.0)
   * @param levels pyramid levels (default 3)
   * @param winSize averaging window (default 15)
   * @param iterations iterations per level (default 3)
   */
  public record Flow(boolean enabled, double scale, double minMagnitudePx, int levels, int winSize, int iterations) {

    public static Flow defaults() {
      return new Flow(true, 0.25, 1.0, 3, 15, 3);
    }

    void validate(List<String> problems) {
      if (!(scale > 0 && scale <= 1)) {
        problems.add("flow.scale must be in (0, 1], is " + scale);
      }
      if (!(minMagnitudePx >= 0) || Double.isInfinite(minMagnitudePx)) {
        problems.add("flow.minMagnitudePx must be finite and >= 0, is " + minMagnitudePx);
      }
      if (levels < 1 || levels > 8) {
        problems.add("flow.levels must be in [1, 8], is " + levels);
      }
      if (winSize < 3 || winSize > 101) {
        problems.add("flow.winSize must be in [3, 101], is " + winSize);
      }
      if (iterations < 1 || iterations > 20) {
        problems.add("flow.iterations must be in [1, 20], is " + iterations);
      }
    }
  }
}
