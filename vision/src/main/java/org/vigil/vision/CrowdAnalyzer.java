package org.vigil.vision;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.vision.internal.BlobCuts;
import org.vigil.vision.internal.JpegDecoder;
import org.vigil.vision.internal.MotionEnergy;
import org.vigil.vision.internal.MotionGate;
import org.vigil.vision.internal.OpenCvLoader;
import org.vigil.vision.internal.PeopleDetector;
import org.vigil.vision.internal.PeopleTracker;
import org.vigil.vision.internal.StillScan;

/**
 * Turns one camera's JPEG frames into people counts per zone, density, level of service and motion energy.
 *
 * <p>Per frame: decode; grey; background subtraction on a downscaled copy (motion gating); when something moved,
 * the people detector on the moving parts (the method is {@link CameraConfig.Detector#method()}); otherwise the
 * previous detections are kept and the detector does not run; per-zone counts from the foot points; Farnebäck flow
 * for motion energy when something moved.
 *
 * <p>Stateful (background model, previous frame): use one instance per camera, from one thread at a time, and
 * {@link #close()} it to free native memory.
 */
public final class CrowdAnalyzer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CrowdAnalyzer.class);

  /**
   * Share of the frame that may change at once before the change is taken for the whole view (lights switched,
   * camera moved or shaken, exposure jump) rather than people: the detector then does not run (blob counting would
   * turn the whole frame into hundreds of "persons" and fire surge alerts), the previous detections stand, and the
   * background model starts again from this frame.
   */
  static final double GLOBAL_CHANGE_FRACTION = 0.6;

  static {
    OpenCvLoader.load();
  }

  private final CameraConfig config;
  private final MotionGate gate;
  private final MotionEnergy energy;
  private final PeopleDetector detector;
  private final PeopleTracker tracker;
  private final StillScan scan;
  private final Mat grey = new Mat();
  private final Mat small = new Mat();
  private List<Detection> lastDetections = List.of();
  private boolean closed;
  private long globalChanges;
  private boolean noBackground = true;

  /**
   * @throws IllegalArgumentException listing every problem when the configuration is invalid
   */
  public CrowdAnalyzer(CameraConfig config) {
    List<String> problems = config.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid camera config '" + config.cameraId() + "': "
          + String.join("; ", problems));
    }
    this.config = config;
    this.gate = new MotionGate(config.motion());
    this.energy = new MotionEnergy(config.flow());
    this.detector = new PeopleDetector(config.detector());
    this.tracker = config.tracking().enabled() ? new PeopleTracker(config) : null;
    this.scan = config.tracking().enabled() ? new StillScan(config.detector(), config.tracking()) : null;
  }

  /** Frames so far on which the whole view changed at once (see {@link #GLOBAL_CHANGE_FRACTION}). */
  public long globalChanges() {
    return globalChanges;
  }

  /** The configuration this analyser runs with. */
  public CameraConfig config() {
    return config;
  }

  /**
   * Analyses one frame.
   *
   * @param jpeg the frame's bytes (JPEG; PNG is accepted too)
   * @param captureTsMs capture time, epoch ms, copied into the result
   * @throws FrameDecodeException when the bytes are not a complete, decodable image; the analyser's state is then
   *     unchanged and it can take the next frame
   */
  public FrameAnalysis analyze(byte[] jpeg, long captureTsMs) {
    if (closed) {
      throw new IllegalStateException("analyzer for camera '" + config.cameraId() + "' is closed");
    }
    long t0 = System.nanoTime();
    Mat decoded = JpegDecoder.decodeGrey(jpeg);
    try {
      int width = decoded.cols();
      int height = decoded.rows();
      decoded.copyTo(grey);
      CameraConfig.Motion motion = config.motion();
      Imgproc.resize(grey, small, new Size(), motion.scale(), motion.scale(), Imgproc.INTER_AREA);
      double movingFraction = gate.apply(small);
      boolean still = motion.enabled() && gate.still();
      boolean globalChange = motion.enabled() && movingFraction > GLOBAL_CHANGE_FRACTION;
      if (globalChange) {
        gate.reset();
        gate.apply(small);
        globalChanges++;
        if (globalChanges == 1) {
          LOG.warn("camera {}: {}% of the view changed at once (lights, camera moved?): detections kept from the "
              + "previous frame, background model restarted; further cases are logged at DEBUG",
              config.cameraId(), Math.round(movingFraction * 100));
        } else {
          LOG.debug("camera {}: whole-view change #{} ({}% of the view)", config.cameraId(), globalChanges,
              Math.round(movingFraction * 100));
        }
      }
      boolean ran = !still && !globalChange;
      List<Detection> detections = ran ? detect(width, height) : lastDetections;
      lastDetections = detections;
      double motionEnergy = config.flow().enabled() ? energy.update(grey, ran) : 0;
      if (tracker != null) {
        // without a motion background (first frame, or the first after it restarted) people are found by shape
        // alone, over the whole view; otherwise the rolling scan's share of tiles
        List<Detection> scanned = noBackground || globalChange
            ? scan.scanAll(detector, grey) : scan.scan(detector, grey);
        noBackground = false;
        List<PeopleTracker.Observation> obs = ran || !scanned.isEmpty()
            ? observations(detections, scanned, width, height) : List.of();
        PeopleTracker.Result r = tracker.update(obs, ran || !scanned.isEmpty(), grey, small, gate.mask(), captureTsMs);
        List<Detection> all = new ArrayList<>(detections);
        all.addAll(scanned);
        return new FrameAnalysis(captureTsMs, width, height, all, r.tracks().size(), r.zones(), motionEnergy,
            movingFraction, ran, System.nanoTime() - t0, r.tracks(), r.lines());
      }
      double total = 0;
      for (Detection d : detections) {
        total += weight(d);
      }
      List<ZoneCount> zones = new ArrayList<>(config.zones().size());
      for (Zone z : config.zones()) {
        double inZone = 0;
        for (Detection d : detections) {
          if (z.containsFootOf(d)) {
            inZone += weight(d);
          }
        }
        zones.add(ZoneCount.of(z, (int) Math.round(inZone)));
      }
      return new FrameAnalysis(captureTsMs, width, height, detections, (int) Math.round(total), zones,
          motionEnergy, movingFraction, ran, System.nanoTime() - t0);
    } finally {
      decoded.release();
    }
  }

  /**
   * Person candidates for the tracker: each HOG box is one person; a blob that HOG did not explain stands for as many
   * persons as its area says, but no more than its width holds side by side (a person bending or carrying something
   * makes a large blob, not several people), and is cut into that many side-by-side boxes; in a blob that holds HOG
   * boxes the further persons are looked for only in the columns the boxes leave free, at least half a person wide
   * ({@link BlobCuts}); each cut's top and bottom are the foreground's in its own columns; a cut that mostly lies
   * inside a HOG box is the same person again and is dropped.
   */
  private List<PeopleTracker.Observation> observations(List<Detection> detections, List<Detection> scanned,
      int width, int height) {
    List<PeopleTracker.Observation> out = new ArrayList<>();
    List<Detection> boxes = new ArrayList<>();
    for (Detection d : detections) {
      if (!"blob".equals(d.source())) {
        boxes.add(d);
        out.add(new PeopleTracker.Observation(d.x(), d.y(), d.w(), d.h(), d.score(), d.source()));
      }
    }
    for (Detection d : scanned) {
      boolean known = false;
      for (Detection b : boxes) {
        if (overlap(d, b) > 0.5 * d.w() * d.h()) {
          known = true;
          break;
        }
      }
      if (!known) {
        boxes.add(d);
        out.add(new PeopleTracker.Observation(d.x(), d.y(), d.w(), d.h(), d.score(), d.source()));
      }
    }
    CameraConfig.Detector opts = config.detector();
    for (Detection d : detections) {
      if (!"blob".equals(d.source())) {
        continue;
      }
      double ph = opts.personHeightAt(d.footY(), height);
      double personW = opts.personAspect() * ph;
      if (d.w() < personW && (d.x() <= 0 || d.x() + d.w() >= width)) {
        // cut by the left or right edge of the view: only the inner side is the person's; the foot point is half a
        // person's width from it, and a person whose foot point is outside is more than half out of the view
        int x = d.x() <= 0 ? (int) Math.round(d.x() + d.w() - personW) : d.x();
        int w = (int) Math.round(personW);
        double footX = x + w / 2.0;
        if (footX < 0 || footX >= width) {
          continue;
        }
        d = new Detection(x, d.y(), w, d.h(), d.score(), "blob");
      }
      // the person boxes in the blob (as the hybrid detector counts them: foot column and middle row inside it)
      List<int[]> covered = new ArrayList<>();
      for (Detection b : boxes) {
        double fx = b.footX();
        double my = b.y() + b.h() * 0.5;
        if (fx >= d.x() && fx < d.x() + d.w() && my >= d.y() && my < d.y() + d.h()) {
          covered.add(new int[] {b.x(), b.x() + b.w()});
        }
      }
      List<int[]> cuts = BlobCuts.cuts(d.x(), d.x() + d.w(), covered, personW, (int) Math.round(d.score()));
      for (int[] c : cuts) {
        // the cut's own foreground rows: a cut over something lower than a person is short, part of a person
        int[] rows = BlobCuts.rows(gate.mask(), config.motion().scale(), Math.max(0, c[0]), Math.min(width, c[1]),
            d.y(), d.y() + d.h());
        if (rows == null) {
          continue;
        }
        Detection cut = new Detection(c[0], rows[0], Math.max(1, c[1] - c[0]), Math.max(1, rows[1] - rows[0]),
            d.score() / cuts.size(), "blob");
        boolean known = false;
        for (Detection b : boxes) {
          if (overlap(cut, b) > 0.5 * cut.w() * cut.h()) {
            known = true;
            break;
          }
        }
        if (!known) {
          out.add(new PeopleTracker.Observation(cut.x(), cut.y(), cut.w(), cut.h(), cut.score(), "blob"));
        }
      }
    }
    return out;
  }

  private static double overlap(Detection a, Detection b) {
    int x0 = Math.max(a.x(), b.x());
    int y0 = Math.max(a.y(), b.y());
    int x1 = Math.min(a.x() + a.w(), b.x() + b.w());
    int y1 = Math.min(a.y() + a.h(), b.y() + b.h());
    return Math.max(0, x1 - x0) * (double) Math.max(0, y1 - y0);
  }

  /** Persons a detection stands for: 1 for a HOG box, the estimate for a blob. */
  static double weight(Detection d) {
    return "blob".equals(d.source()) ? d.score() : 1.0;
  }

  private List<Detection> detect(int width, int height) {
    CameraConfig.Detector opts = config.detector();
    double scale = config.motion().scale();
    boolean gated = config.motion().enabled();
    switch (opts.method()) {
      case HOG_NATIVE:
        return detector.hogNative(grey);
      case HOG_REGIONS:
        return detector.hogRegions(grey, regions(width, height, gated), gated ? config.motion().regionPaddingPx() : 0);
      case BLOB:
        return detector.blobs(gate.blobs(), scale, width, height);
      case HYBRID:
        List<Detection> blobs = detector.blobs(gate.blobs(), scale, width, height);
        List<Detection> hog = detector.hogRegions(grey, regions(width, height, gated), gated ? config.motion().regionPaddingPx() : 0);
        return detector.hybrid(hog, blobs);
      default:
        throw new IllegalStateException("unknown method " + opts.method());
    }
  }

  private List<Rect> regions(int width, int height, boolean gated) {
    return gated ? gate.movingRegions(width, height) : List.of(new Rect(0, 0, width, height));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    gate.close();
    energy.close();
    if (tracker != null) {
      tracker.close();
    }
    detector.close();
    grey.release();
    small.release();
  }
}
