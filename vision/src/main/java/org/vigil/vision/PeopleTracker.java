package org.vigil.vision;

import org.vigil.vision.internal.Hungarian;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Multi-object tracker of people: gives each person an identity from frame to frame so that a person who stops is
 * still counted until they leave, and so that line crossings, zone entries, exits and dwell times can be counted.
 *
 * <p>Per frame: every track's foot point is advanced by a constant-velocity Kalman filter; detections are assigned
 * to tracks by the Hungarian method on the distance between predicted and detected foot points, in expected person
 * heights at that row (a perspective-fair distance), with a gate; matched tracks are corrected. A track left without
 * a detection is followed by its appearance: its own last-seen image patch (normalised cross-correlation) is looked
 * for where the motion model predicts it and where it was last seen; found where it was, and still different from
 * the empty-scene background, the person has stopped ({@code still}) and stays counted; found where predicted, the
 * person walks on unseen; found nowhere, the track coasts ({@code lost}) for a few frames, then no longer counts but
 * stays dormant a while, taking part in the assignment, so that someone who reappears from behind cover is the same
 * person. New tracks count once they have been detected in {@code confirmFrames} frames.
 *
 * <p>The empty-scene background is a running average of the grey frame updated only where nothing moves and no
 * confirmed track stands, so that, unlike the motion gate's MOG2 model (which absorbs a standing person within a few
 * seconds), it does not learn people who stop.
 *
 * <p>Not thread-safe; one per camera, as the analyser.
 */
final class PeopleTracker implements AutoCloseable {

  /** A person candidate handed to the tracker: a box in full-resolution pixels and where it came from. */
  public record Observation(int x, int y, int w, int h, double score, String source) {
    double footX() {
      return x + w / 2.0;
    }

    double footY() {
      return y + h;
    }

    double area() {
      return (double) w * h;
    }
  }

  /** Source of observations found by the rolling scan of the still view. */
  public static final String SCAN = "scan";

  /**
   * Source of observations found by the scan of the whole view on a frame without a motion background (the first
   * one, or the first after the background restarted): people already there, possibly standing still, whom neither
   * motion nor a second look will confirm sooner. Such a person counts at once.
   */
  public static final String STARTUP = "startup";

  /** Side of the appearance template (pixels), a person's box resampled to this for comparison. */
  private static final int TEMPLATE_W = 12;
  private static final int TEMPLATE_H = 24;
  /** Background running-average rate where nothing moves (per frame). */
  private static final double BACKGROUND_RATE = 0.05;
  /** Mean absolute grey difference from the empty-scene background above which a patch holds something. */
  private static final double BACKGROUND_DIFF = 10;
  /** Speed below which a seen person is {@code still}, in expected person heights per frame. */
  private static final double STILL_SPEED = 0.01;
  /** Speed below which an unseen person may be taken as stopped, in expected person heights per frame. */
  private static final double STOPPING_SPEED = 0.03;
  /** A line crossing counts once the foot point is this far past the line, in expected person heights. */
  private static final double LINE_HYSTERESIS = 0.03;
  /** Depth of a standing person's footprint on the image, in expected person heights (about 0.3 m of 1.7 m). */
  private static final double FOOTPRINT_DEPTH = 0.15;
  /**
   * A blob shorter than this share of the person expected on its bottom row is part of a person (see
   * {@link #partial}): people's heights vary by about +-15 % around the perspective model, so a whole person is
   * not under 60 % of it.
   */
  private static final double PARTIAL_BLOB = 0.6;
  /** Share of an unseen track's box a person detection must contain to be that person seen whole ({@link #wholeOf}). */
  private static final double WHOLE_OF = 0.7;
  /** Window of the net inflow, capture-time ms. */
  private static final long INFLOW_WINDOW_MS = 60_000;

  private final CameraConfig cfg;
  private final CameraConfig.Tracking opts;
  private final List<T> tracks = new ArrayList<>();
  /** Confirmed tracks unseen too long to count, kept a while to be taken up again (see {@link #revive}). */
  private final List<T> dormant = new ArrayList<>();
  private final long[] lineIn;
  private final long[] lineOut;
  private final long[] zoneEntries;
  private final long[] zoneExits;
  private final Deque<long[]> zoneEvents = new ArrayDeque<>(); // {ts, zoneIndex, +1/-1}
  private final Mat background = new Mat();
  private final Mat updateMask = new Mat();
  private final Mat diff = new Mat();
  private long nextId = 1;
  private long firstTsMs = Long.MIN_VALUE;
  private long frameMs = 100;
  private long lastTsMs;
  private int width;
  private int height;

  /** Tracker state of one person. */
  private final class T {
    final long id;
    final KalmanCv kf;
    double w;
    double h;
    int hits;
    int misses;
    boolean confirmed;
    String state = Track.MOVING;
    final long firstSeenMs;
    int zone = -2; // -2 unknown yet, -1 none
    long inZoneSinceMs;
    float[] template;
    long lastSeenMs;
    long lastScanHitMs = Long.MIN_VALUE / 2;
    final boolean scanBorn;
    final int[] lineSide;
    final double[][] lineAnchor;
    double prevX;
    double prevY;
    boolean seen;
    int dormantMisses;

    T(Observation o, long ts, Mat grey) {
      id = nextId++;
      double ph = personHeight(o.footY());
      kf = new KalmanCv(o.footX(), o.footY(), 0.02 * ph, 0.05 * ph);
      w = o.w();
      h = o.h();
      hits = 1;
      firstSeenMs = ts;
      lastSeenMs = ts;
      scanBorn = SCAN.equals(o.source()) || STARTUP.equals(o.source());
      confirmed = STARTUP.equals(o.source());
      if (scanBorn) {
        lastScanHitMs = ts;
      }
      template = template(grey, PeopleTracker.this.box(o.footX(), o.footY(), w, h));
      lineSide = new int[cfg.lines().size()];
      lineAnchor = new double[cfg.lines().size()][];
      for (int i = 0; i < lineSide.length; i++) {
        lineSide[i] = cfg.lines().get(i).side(o.footX(), o.footY());
        lineAnchor[i] = new double[] {o.footX(), o.footY()};
      }
      seen = true;
    }

    Rect box() {
      return PeopleTracker.this.box(kf.x(), kf.y(), w, h);
    }
  }

  public PeopleTracker(CameraConfig cfg) {
    this.cfg = cfg;
    this.opts = cfg.tracking();
    lineIn = new long[cfg.lines().size()];
    lineOut = new long[cfg.lines().size()];
    zoneEntries = new long[cfg.zones().size()];
    zoneExits = new long[cfg.zones().size()];
  }

  /** What one update produced: confirmed tracks present, line counts, zone counts. */
  public record Result(List<Track> tracks, List<LineCount> lines, List<ZoneCount> zones) {}

  /**
   * Takes one frame's observations.
   *
   * @param observations person candidates of this frame (empty when the detector did not run)
   * @param detectorRan false when the frame was still (nothing moved): seen tracks then stay where they are,
   *     coasting ones coast on
   * @param grey full-resolution grey frame
   * @param small the downscaled grey frame the motion gate saw
   * @param foreground the motion gate's foreground mask of {@code small} (nonzero = moving)
   * @param tsMs capture time
   */
  public Result update(
      List<Observation> observations, boolean detectorRan, Mat grey, Mat small, Mat foreground, long tsMs) {
    width = grey.cols();
    height = grey.rows();
    if (firstTsMs == Long.MIN_VALUE) {
      firstTsMs = tsMs;
      small.convertTo(background, CvType.CV_32F);
    } else if (tsMs > lastTsMs) {
      frameMs = Math.max(1, Math.min(10_000, tsMs - lastTsMs));
    }
    lastTsMs = tsMs;
    if (detectorRan) {
      step(observations, grey, small, tsMs);
    } else {
      // nothing moved: who was seen stays where they are; a coasting (unseen) track is still unseen and keeps
      // coasting, so that one who walked out of the view is dropped at the edge or after its lost frames, even when
      // the view is empty and still from then on
      for (T t : tracks) {
        if (Track.LOST.equals(t.state)) {
          t.prevX = t.kf.x();
          t.prevY = t.kf.y();
          t.kf.predict();
          unmatched(t, grey, small, tsMs);
        } else {
          t.seen = t.confirmed;
        }
      }
      tracks.removeIf(t -> t.misses < 0);
      ageDormant(tsMs);
    }
    for (T t : new ArrayList<>(tracks)) {
      if (t.confirmed) {
        bookkeep(t, tsMs);
      }
    }
    updateBackground(small, foreground);
    return result(tsMs);
  }

  private void step(List<Observation> observations, Mat grey, Mat small, long tsMs) {
    for (T t : tracks) {
      t.prevX = t.kf.x();
      t.prevY = t.kf.y();
      t.kf.predict();
    }
    ageDormant(tsMs);
    List<Observation> obs = new ArrayList<>(observations.size());
    List<Observation> partial = new ArrayList<>();
    for (Observation o : observations) {
      (partial(o) ? partial : obs).add(o);
    }
    int n = tracks.size();
    int m = obs.size();
    // present tracks, then the dormant ones: someone who comes out from behind cover competes for the detection
    // with whoever walks past there
    List<T> dormantNow = new ArrayList<>(dormant);
    double[][] cost = new double[n + dormantNow.size()][m];
    for (int i = 0; i < cost.length; i++) {
      T t = i < n ? tracks.get(i) : dormantNow.get(i - n);
      for (int j = 0; j < m; j++) {
        Observation o = obs.get(j);
        double ph = personHeight(t.kf.y());
        double d = Math.hypot(o.footX() - t.kf.x(), o.footY() - t.kf.y()) / ph;
        double gate = opts.gateHeights() * (1 + 0.5 * (i < n ? Math.min(t.misses, 4) : 4));
        if (d > gate) {
          cost[i][j] = Double.POSITIVE_INFINITY;
          continue;
        }
        double sizeTerm = "blob".equals(o.source()) ? 0 : 0.2 * Math.abs(Math.log(o.h() / Math.max(1, t.h)));
        // the likelihood of the detection under the track's motion model (a sharp prediction is not given up for
        // a vague one's: two people passing keep their identities); confirmed tracks first: a small preference so a
        // new candidate does not steal a known person's detection
        cost[i][j] = t.kf.cost(o.footX(), o.footY()) + sizeTerm + (t.confirmed ? 0 : 0.1);
      }
    }
    int[] assign = Hungarian.solve(cost);
    boolean[] used = new boolean[m];
    List<T> unassigned = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (assign[i] < 0) {
        unassigned.add(tracks.get(i));
      }
    }
    for (int i = 0; i < n; i++) {
      T t = tracks.get(i);
      if (assign[i] >= 0) {
        Observation o = obs.get(assign[i]);
        used[assign[i]] = true;
        matched(t, o, grey, tsMs);
      } else if (t.confirmed && partlySeen(t, partial, tsMs)) {
        // part of them moves where the motion model puts them: present, position predicted
        t.seen = false;
        if (!Track.STILL.equals(t.state)) {
          t.state = Track.LOST;
        }
      } else {
        unmatched(t, grey, small, tsMs);
      }
    }
    tracks.removeIf(t -> t.misses < 0);
    for (int i = n; i < cost.length; i++) {
      if (assign[i] >= 0) {
        used[assign[i]] = true;
        Observation o = obs.get(assign[i]);
        if (!duplicate(o)) {
          // one who is counted stands there: the detection is theirs seen again, not the dormant one come back
          revive(dormantNow.get(i - n), o, grey, tsMs);
        }
      }
    }
    // new candidates from detections no track took, unless they duplicate a present person
    for (int j = 0; j < m; j++) {
      if (used[j]) {
        continue;
      }
      Observation o = obs.get(j);
      if (duplicate(o)) {
        continue;
      }
      T whole = wholeOf(o, unassigned);
      if (whole != null) {
        matched(whole, o, grey, tsMs);
        continue;
      }
      if ("blob".equals(o.source())
          && backgroundDiff(small, new Rect(o.x(), o.y(), o.w(), o.h())) < BACKGROUND_DIFF) {
        continue; // foreground that looks like the empty scene: where someone stood and left (a ghost)
      }
      tracks.add(new T(o, tsMs, grey));
    }
  }

  /**
   * Whether an observation no track took is a present person seen again rather than someone new: its foot point
   * lies within that person's footprint, half a body width (half the configured aspect of the expected height) to
   * either side and {@link #FOOTPRINT_DEPTH} of the height in depth. Two people side by side, shoulder to shoulder,
   * stand about a body width apart and are two people; the detector's boxes of such a pair overlap, so box overlap
   * alone would merge them. A blob cut is coarse (it is a share of a blob, not a person's outline): it also counts
   * as seen again when it lies mostly inside a present person's box.
   */
  /**
   * A blob much shorter than a person standing on its bottom row is part of a person: the upper body above a sign,
   * car or low wall that hides the legs (its bottom edge is then the hiding object's top, not the feet), or the
   * moving part of someone standing. Its bottom is no foot point, so it neither moves a track nor starts one; it
   * only shows that the person whose box holds it is still there ({@link #partlySeen}).
   */
  private boolean partial(Observation o) {
    return "blob".equals(o.source()) && o.h() < PARTIAL_BLOB * personHeight(o.footY());
  }

  /**
   * Whether a partial blob lies mostly inside the track's predicted box, for at most as long as an unseen person is
   * followed on their look ({@code 2 x maxLostFrames} frames since last seen): a part is weaker evidence than the
   * whole, and anything moving in the box (a neighbour's arm, a bag, leaves) would otherwise keep a ghost.
   */
  private boolean partlySeen(T t, List<Observation> partial, long tsMs) {
    if (tsMs - t.lastSeenMs > 2L * opts.maxLostFrames() * frameMs) {
      return false;
    }
    Rect b = t.box();
    for (Observation o : partial) {
      if (intersection(new Rect(o.x(), o.y(), o.w(), o.h()), b) > 0.5 * o.area()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The unseen confirmed track whose box a person detection contains for the most part ({@link #WHOLE_OF} of the
   * track's box): the person was followed on a part of them (the upper body above a sign or a car, whose bottom edge
   * is the occluder's top, not the feet) and is now seen whole, with the foot point lower than the track's by more
   * than the assignment's gate allows. Null when there is none (blob cuts are too coarse for this).
   */
  private T wholeOf(Observation o, List<T> unassigned) {
    if ("blob".equals(o.source())) {
      return null;
    }
    Rect ob = new Rect(o.x(), o.y(), o.w(), o.h());
    T best = null;
    double bestShare = WHOLE_OF;
    for (T t : unassigned) {
      if (!t.confirmed || t.misses < 0) {
        continue;
      }
      Rect tb = t.box();
      double share = intersection(ob, tb) / Math.max(1, tb.area());
      // the part lies above the feet: the whole's foot point is not above the track's
      if (share >= bestShare && o.footY() >= t.kf.y()) {
        best = t;
        bestShare = share;
      }
    }
    return best;
  }

  private boolean duplicate(Observation o) {
    double ph = personHeight(o.footY());
    double halfWidth = 0.5 * cfg.detector().personAspect() * ph;
    double depth = FOOTPRINT_DEPTH * ph;
    boolean blob = "blob".equals(o.source());
    Rect ob = new Rect(o.x(), o.y(), o.w(), o.h());
    for (T t : tracks) {
      double dx = (o.footX() - t.kf.x()) / halfWidth;
      double dy = (o.footY() - t.kf.y()) / depth;
      if (dx * dx + dy * dy < 1) {
        return true;
      }
      if (blob && intersection(ob, t.box()) > 0.5 * o.area()) {
        return true;
      }
    }
    return false;
  }

  private void matched(T t, Observation o, Mat grey, long tsMs) {
    t.kf.update(o.footX(), o.footY());
    double a = "blob".equals(o.source()) ? 0.15 : 0.4;
    t.w = (1 - a) * t.w + a * o.w();
    t.h = (1 - a) * t.h + a * o.h();
    t.hits++;
    t.misses = 0;
    t.lastSeenMs = tsMs;
    if (SCAN.equals(o.source()) || STARTUP.equals(o.source())) {
      t.lastScanHitMs = tsMs;
    }
    t.template = template(grey, t.box());
    double ph = personHeight(t.kf.y());
    t.state = t.kf.speed() < STILL_SPEED * ph ? Track.STILL : Track.MOVING;
    t.seen = true;
    if (!t.confirmed && t.hits >= opts.confirmFrames()) {
      t.confirmed = true;
    }
  }

  private void unmatched(T t, Mat grey, Mat small, long tsMs) {
    t.seen = false;
    Rect ahead = t.box();
    Rect inFrame = clip(ahead, width, height);
    if (outside(t.kf.x(), t.kf.y()) || inFrame == null || inFrame.area() < 0.5 * ahead.area()) {
      drop(t, tsMs); // unseen and less than half in the view: gone out of it
      return;
    }
    if (inFrame.area() < ahead.area()) {
      // unseen with the box cut by the frame edge: on the way out (people do not stop half out of the view), not
      // kept by their look, which the edge cuts too; coasting carries them out of the view
      t.misses++;
      t.state = Track.LOST;
      if (!t.confirmed && t.misses > 1) {
        drop(t, tsMs);
      } else if (t.confirmed && t.misses > opts.maxLostFrames()) {
        retire(t, tsMs);
      }
      return;
    }
    double ph = personHeight(t.prevY);
    Rect here = box(t.prevX, t.prevY, t.w, t.h);
    double nccHere = ncc(t.template, template(grey, here));
    double nccAhead = t.kf.speed() > STILL_SPEED * ph ? ncc(t.template, template(grey, t.box())) : -1;
    long unseenMs = tsMs - t.lastSeenMs;
    boolean recentlyScanned = tsMs - t.lastScanHitMs <= 2L * Math.max(1, opts.scanPeriodFrames()) * frameMs;
    if (nccAhead >= opts.keepMatch() && nccAhead > nccHere && t.confirmed) {
      // walking on, unseen by the detector but where the motion model says and looking like itself
      t.misses++;
      t.state = Track.LOST;
      t.seen = false;
      if (t.misses > 2 * opts.maxLostFrames()) {
        retire(t, tsMs);
      }
      return;
    }
    boolean differs = backgroundDiff(small, here) >= BACKGROUND_DIFF;
    boolean slow = t.kf.speed() < STOPPING_SPEED * ph;
    // stopped: was slowing down when last seen, or looks more like itself where it was than where it was heading
    boolean stopped = slow || nccHere > nccAhead;
    if (stopped && nccHere >= opts.keepMatch() && (differs || recentlyScanned)
        && unseenMs <= opts.keepMaxS() * 1000) {
      // stopped: still there, looks like itself, and is not the empty scene
      t.kf.hold(t.prevX, t.prevY);
      if (localDiff(small, here) >= BACKGROUND_DIFF) {
        // their look follows them as it changes slowly (settling in, turning, edging behind a sign that hides more
        // of them), as long as their place stands out from the empty scene more than its surroundings do (not a
        // drift of the light over a place the background has not learnt while they stood there)
        t.template = template(grey, here);
      }
      t.state = Track.STILL;
      t.seen = true;
      if (!t.confirmed && t.scanBorn) {
        return; // waits for a second scan hit
      }
      if (!t.confirmed) {
        t.misses++;
        if (t.misses > 1) {
          drop(t, tsMs);
        }
      }
      return;
    }
    t.misses++;
    t.state = Track.LOST;
    if (!t.confirmed && t.misses > 1) {
      drop(t, tsMs);
    } else if (t.confirmed && t.misses > opts.maxLostFrames()) {
      retire(t, tsMs);
    }
  }

  /**
   * A confirmed person unseen for longer than they may coast no longer counts, but is kept dormant for another
   * {@code 2 x maxLostFrames} frames with their motion model running: someone hidden behind a sign, a post or
   * another walker for longer than the coasting allows comes out where they were heading, and is then the same
   * person (same id, no new entry, a line crossed while hidden is counted) instead of a new one.
   */
  private void retire(T t, long tsMs) {
    t.misses = -1; // removed from the present tracks after the pass
    t.state = Track.LOST;
    t.seen = false;
    t.dormantMisses = 0;
    dormant.add(t);
  }

  /** Advances the dormant tracks by a frame; those dormant too long, or whose path left the view, are gone. */
  private void ageDormant(long tsMs) {
    for (Iterator<T> it = dormant.iterator(); it.hasNext(); ) {
      T t = it.next();
      t.kf.predict();
      t.dormantMisses++;
      if (t.dormantMisses > 2 * opts.maxLostFrames() || outside(t.kf.x(), t.kf.y())) {
        it.remove();
        t.misses = -1;
        drop(t, tsMs);
      }
    }
  }

  /** Takes up a dormant track again with the observation the assignment gave it. */
  private void revive(T t, Observation o, Mat grey, long tsMs) {
    dormant.remove(t);
    tracks.add(t);
    t.prevX = t.kf.x();
    t.prevY = t.kf.y();
    matched(t, o, grey, tsMs);
  }

  private void drop(T t, long tsMs) {
    if (t.confirmed && t.zone >= 0) {
      zoneExits[t.zone]++;
      zoneEvents.add(new long[] {tsMs, t.zone, -1});
    }
    t.misses = -1; // removed after the pass
    t.confirmed = false;
  }

  /** Zone and line counts of a confirmed track after this frame's update. */
  private void bookkeep(T t, long tsMs) {
    double fx = t.kf.x();
    double fy = t.kf.y();
    int z = zoneOf(fx, fy);
    if (t.zone == -2) {
      boolean warmUp = tsMs - firstTsMs < opts.warmUpS() * 1000;
      if (z >= 0 && !warmUp) {
        zoneEntries[z]++;
        zoneEvents.add(new long[] {tsMs, z, +1});
      }
      t.zone = z;
      t.inZoneSinceMs = z >= 0 && warmUp ? t.firstSeenMs : tsMs;
    } else if (z != t.zone && t.seen) {
      if (t.zone >= 0) {
        zoneExits[t.zone]++;
        zoneEvents.add(new long[] {tsMs, t.zone, -1});
      }
      if (z >= 0) {
        zoneEntries[z]++;
        zoneEvents.add(new long[] {tsMs, z, +1});
      }
      t.zone = z;
      t.inZoneSinceMs = tsMs;
    }
    if (!t.seen) {
      return; // a coasting position is a guess: no crossings from it
    }
    double hyst = Math.max(2, LINE_HYSTERESIS * personHeight(fy));
    for (int i = 0; i < t.lineSide.length; i++) {
      CountingLine line = cfg.lines().get(i);
      int side = line.side(fx, fy);
      if (side == t.lineSide[i]) {
        t.lineAnchor[i][0] = fx;
        t.lineAnchor[i][1] = fy;
      } else if (line.distance(fx, fy) >= hyst) {
        if (line.crossedBy(t.lineAnchor[i][0], t.lineAnchor[i][1], fx, fy)) {
          if (t.lineSide[i] > 0) {
            lineIn[i]++;
          } else {
            lineOut[i]++;
          }
        }
        t.lineSide[i] = side;
        t.lineAnchor[i][0] = fx;
        t.lineAnchor[i][1] = fy;
      }
    }
  }

  private Result result(long tsMs) {
    while (!zoneEvents.isEmpty() && zoneEvents.peekFirst()[0] <= tsMs - INFLOW_WINDOW_MS) {
      zoneEvents.pollFirst();
    }
    List<Track> out = new ArrayList<>();
    List<Zone> zones = cfg.zones();
    int[] people = new int[zones.size()];
    double[] dwellSum = new double[zones.size()];
    double[] dwellMax = new double[zones.size()];
    for (T t : tracks) {
      if (!t.confirmed) {
        continue;
      }
      Rect b = t.box();
      String zoneId = t.zone >= 0 ? zones.get(t.zone).id() : null;
      out.add(new Track(t.id, b.x, b.y, b.width, b.height, t.kf.x(), t.kf.y(), t.state, t.firstSeenMs, zoneId,
          t.zone >= 0 ? t.inZoneSinceMs : t.firstSeenMs));
      if (t.zone >= 0) {
        people[t.zone]++;
        double dwell = Math.max(0, (tsMs - t.inZoneSinceMs) / 1000.0);
        dwellSum[t.zone] += dwell;
        dwellMax[t.zone] = Math.max(dwellMax[t.zone], dwell);
      }
    }
    double[] net = new double[zones.size()];
    for (long[] e : zoneEvents) {
      net[(int) e[1]] += e[2];
    }
    double minutes = Math.max(1000, Math.min(INFLOW_WINDOW_MS, tsMs - firstTsMs)) / 60_000.0;
    List<ZoneCount> zc = new ArrayList<>(zones.size());
    for (int i = 0; i < zones.size(); i++) {
      zc.add(ZoneCount.of(zones.get(i), people[i], zoneEntries[i], zoneExits[i], net[i] / minutes, dwellMax[i],
          people[i] == 0 ? 0 : dwellSum[i] / people[i]));
    }
    List<LineCount> lc = new ArrayList<>(cfg.lines().size());
    for (int i = 0; i < cfg.lines().size(); i++) {
      lc.add(new LineCount(cfg.lines().get(i).id(), lineIn[i], lineOut[i]));
    }
    return new Result(out, lc, zc);
  }

  /** Boxes of the confirmed tracks, full-resolution pixels (for the rolling scan to skip what it knows). */
  public List<Rect> confirmedBoxes() {
    List<Rect> out = new ArrayList<>();
    for (T t : tracks) {
      if (t.confirmed) {
        out.add(t.box());
      }
    }
    return out;
  }

  private int zoneOf(double x, double y) {
    List<Zone> zones = cfg.zones();
    for (int i = 0; i < zones.size(); i++) {
      if (zones.get(i).contains(x, y)) {
        return i;
      }
    }
    return -1;
  }

  private boolean outside(double x, double y) {
    return x < 0 || y < 0 || x >= width || y > height + 2;
  }

  private double personHeight(double row) {
    return Math.max(8, cfg.detector().personHeightAt(row, height));
  }

  private Rect box(double footX, double footY, double w, double h) {
    int x = (int) Math.round(footX - w / 2);
    int y = (int) Math.round(footY - h);
    return new Rect(x, y, (int) Math.max(1, Math.round(w)), (int) Math.max(1, Math.round(h)));
  }

  private static Rect clip(Rect r, int cols, int rows) {
    int x0 = Math.max(0, r.x);
    int y0 = Math.max(0, r.y);
    int x1 = Math.min(cols, r.x + r.width);
    int y1 = Math.min(rows, r.y + r.height);
    return x1 - x0 < 2 || y1 - y0 < 2 ? null : new Rect(x0, y0, x1 - x0, y1 - y0);
  }

  private static double intersection(Rect a, Rect b) {
    int x0 = Math.max(a.x, b.x);
    int y0 = Math.max(a.y, b.y);
    int x1 = Math.min(a.x + a.width, b.x + b.width);
    int y1 = Math.min(a.y + a.height, b.y + b.height);
    return Math.max(0, x1 - x0) * (double) Math.max(0, y1 - y0);
  }

  /** The box's grey patch resampled to the template size, zero mean and unit norm; null when off the frame. */
  private static float[] template(Mat grey, Rect box) {
    Rect r = clip(box, grey.cols(), grey.rows());
    if (r == null) {
      return null;
    }
    Mat roi = grey.submat(r);
    Mat smallPatch = new Mat();
    try {
      Imgproc.resize(roi, smallPatch, new Size(TEMPLATE_W, TEMPLATE_H), 0, 0, Imgproc.INTER_AREA);
      byte[] px = new byte[TEMPLATE_W * TEMPLATE_H];
      smallPatch.get(0, 0, px);
      float[] v = new float[px.length];
      double mean = 0;
      for (int i = 0; i < px.length; i++) {
        v[i] = px[i] & 0xff;
        mean += v[i];
      }
      mean /= px.length;
      double norm = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] -= (float) mean;
        norm += v[i] * v[i];
      }
      norm = Math.sqrt(norm);
      if (norm < 1e-6) {
        return v; // flat patch: correlates with nothing
      }
      for (int i = 0; i < v.length; i++) {
        v[i] /= (float) norm;
      }
      return v;
    } finally {
      roi.release();
      smallPatch.release();
    }
  }

  private static double ncc(float[] a, float[] b) {
    if (a == null || b == null) {
      return -1;
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * How much more the box differs from the empty-scene background than its surroundings do (a ring half a box
   * wide around it): a drift of the light over the whole area, which the background has not learnt where people
   * stood, is not someone there.
   */
  private double localDiff(Mat small, Rect box) {
    Rect outer = new Rect(box.x - box.width / 2, box.y - box.height / 4, 2 * box.width, box.height + box.height / 2);
    Rect o = clip(outer, width, height);
    Rect b = clip(box, width, height);
    if (o == null || b == null) {
      return 0;
    }
    double dBox = backgroundDiff(small, b);
    double dOuter = backgroundDiff(small, o);
    double ringArea = (double) o.area() - b.area();
    if (ringArea <= 0) {
      return dBox;
    }
    double dRing = (dOuter * o.area() - dBox * b.area()) / ringArea;
    return dBox - dRing;
  }

  /** Mean absolute difference between the frame and the empty-scene background over the box (small frame). */
  private double backgroundDiff(Mat small, Rect fullBox) {
    double k = (double) small.cols() / width;
    Rect r = clip(new Rect((int) (fullBox.x * k), (int) (fullBox.y * k), (int) Math.ceil(fullBox.width * k),
        (int) Math.ceil(fullBox.height * k)), small.cols(), small.rows());
    if (r == null) {
      return 0;
    }
    Mat a = small.submat(r);
    Mat b = background.submat(r);
    Mat af = new Mat();
    try {
      a.convertTo(af, CvType.CV_32F);
      Core.absdiff(af, b, diff);
      return Core.mean(diff).val[0];
    } finally {
      a.release();
      b.release();
      af.release();
    }
  }

  private void updateBackground(Mat small, Mat foreground) {
    // learn where nothing moves and no confirmed person stands
    Core.compare(foreground, new Scalar(0), updateMask, Core.CMP_EQ);
    double k = (double) small.cols() / width;
    for (T t : tracks) {
      if (!t.confirmed) {
        continue;
      }
      Rect b = t.box();
      Rect r = clip(new Rect((int) (b.x * k) - 2, (int) (b.y * k) - 2, (int) Math.ceil(b.width * k) + 4,
          (int) Math.ceil(b.height * k) + 4), small.cols(), small.rows());
      if (r != null) {
        Imgproc.rectangle(updateMask, r.tl(), r.br(), new Scalar(0), -1);
      }
    }
    Imgproc.accumulateWeighted(small, background, BACKGROUND_RATE, updateMask);
  }

  /** Confirmed tracks now (for tests and diagnostics). */
  public int confirmedCount() {
    int c = 0;
    for (Iterator<T> it = tracks.iterator(); it.hasNext(); ) {
      if (it.next().confirmed) {
        c++;
      }
    }
    return c;
  }

  @Override
  public void close() {
    dormant.clear();
    background.release();
    updateMask.release();
    diff.release();
  }
}
