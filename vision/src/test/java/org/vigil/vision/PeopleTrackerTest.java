package org.vigil.vision;

import org.vigil.vision.internal.OpenCvLoader;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * The tracker fed with hand-made observations on a plain grey view (no look to follow: an unseen person is followed
 * by the motion model alone), 320x240 at 10 frames/s, every person 60 px tall wherever they stand.
 */
class PeopleTrackerTest {

  static {
    OpenCvLoader.load();
  }

  private static final int W = 320;
  private static final int H = 240;
  private final Mat grey = new Mat(H, W, CvType.CV_8UC1, new Scalar(128));
  private final Mat small = new Mat(H / 2, W / 2, CvType.CV_8UC1, new Scalar(128));
  private final Mat still = new Mat(H / 2, W / 2, CvType.CV_8UC1, new Scalar(0));
  private final PeopleTracker tracker = new PeopleTracker(config());

  @AfterEach
  void close() {
    tracker.close();
    grey.release();
    small.release();
    still.release();
  }

  private static CameraConfig config() {
    CameraConfig base = CameraConfig.of("plain", List.of(Zone.wholeFrame("all", W, H, 100, 0)));
    return new CameraConfig("plain", base.zones(), base.motion(),
        new CameraConfig.Detector(CameraConfig.Method.HYBRID, 2.0, 1.1, 0.3, 60, 60, 0.4, 0.25), base.flow(),
        List.of(), CameraConfig.Tracking.defaults());
  }

  private PeopleTracker.Result step(int frame, PeopleTracker.Observation... obs) {
    return tracker.update(List.of(obs), true, grey, small, still, frame * 100L);
  }

  @Test
  void aPersonFollowedOnTheirUpperBodyAndThenSeenWholeStaysOnePerson() {
    // 10 frames: only the upper 26 px of a person standing at foot (162, 180) is seen (legs behind a low wall), a
    // box 24 x 26 from y 120, so the track's foot point is at row 146; then they step out and are seen whole, 24 x 60
    // from y 120, foot at row 180: 34 px (0.57 person heights) below the track's foot point, beyond the assignment's
    // gate of 0.5 heights. The whole box holds the upper-body box entirely: the same person, not a second one
    int frame = 0;
    PeopleTracker.Result r = null;
    for (int i = 0; i < 10; i++) {
      r = step(frame++, new PeopleTracker.Observation(150, 120, 24, 26, 2.0, "hog"));
    }
    assertThat(r.tracks()).hasSize(1);
    long id = r.tracks().get(0).id();
    for (int i = 0; i < 10; i++) {
      r = step(frame++, new PeopleTracker.Observation(150, 120, 24, 60, 2.0, "hog"));
      assertThat(r.tracks()).as("seen whole, frame %d", i).hasSize(1);
      assertThat(r.tracks().get(0).id()).isEqualTo(id);
    }
    assertThat(r.tracks().get(0).footY()).as("foot row once seen whole").isGreaterThan(170);
  }

  @Test
  void aPersonWhoStopsAndIsSlowlyHiddenBehindASignStaysCounted() {
    // an empty textured view for 5 frames; a person (24 x 60, foot (160, 180)) walks in and is detected for 10
    // frames (the motion mask marks them); then they stand, unseen by the detector, while a light striped sign in
    // front of them hides 2 px more of them a frame from the bottom up, until only the head (the top 16 px) shows,
    // and stays so: 70 frames unseen. Their last-seen look fades from the view a little each frame (with that look
    // alone they were dropped 15 frames in); they must stay counted all along, followed by their look as it
    // changes, their place unlike the empty scene
    int frame = 0;
    for (int i = 0; i < 5; i++) {
      scene(-1, 0, false);
      step(frame++);
    }
    PeopleTracker.Result r = null;
    for (int i = 0; i < 10; i++) {
      scene(0, 0, true);
      r = step(frame++, new PeopleTracker.Observation(148, 120, 24, 60, 2.0, "hog"));
    }
    assertThat(r.tracks()).hasSize(1);
    long id = r.tracks().get(0).id();
    for (int i = 1; i <= 70; i++) {
      scene(0, Math.min(44, 2 * i), false);
      r = step(frame++);
      assertThat(r.tracks()).as("unseen for %d frames, %d px hidden", i, Math.min(44, 2 * i)).hasSize(1);
      assertThat(r.tracks().get(0).id()).isEqualTo(id);
    }
  }

  /**
   * Draws the textured view into {@code grey} and {@code small}, a person at foot (160, 180) unless {@code person}
   * is negative, with the bottom {@code hidden} px of them behind a striped sign; {@code moving} marks them in the
   * motion mask.
   */
  private void scene(int person, int hidden, boolean moving) {
    byte[] px = new byte[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        px[y * W + x] = (byte) (120 + (((x / 8) + (y / 8)) % 2) * 30);
      }
    }
    if (person >= 0) {
      for (int y = 120; y < 180; y++) {
        for (int x = 148; x < 172; x++) {
          int v = y < 134 ? ((x - 160) * (x - 160) + (y - 127) * (y - 127) <= 36 ? 220 : -1)
              : y < 156 ? 40 + (x % 4) * 10 : (x < 158 || x > 161) ? 25 : -1;
          if (v >= 0) {
            px[y * W + x] = (byte) v;
          }
        }
      }
    }
    for (int y = 180 - hidden; y < 180; y++) {
      for (int x = 140; x < 180; x++) {
        px[y * W + x] = (byte) (200 - (y % 6) * 12);
      }
    }
    grey.put(0, 0, px);
    org.opencv.imgproc.Imgproc.resize(grey, small, small.size(), 0, 0, org.opencv.imgproc.Imgproc.INTER_AREA);
    still.setTo(new Scalar(0));
    if (moving) {
      org.opencv.imgproc.Imgproc.rectangle(still, new org.opencv.core.Point(74, 60),
          new org.opencv.core.Point(86, 90), new Scalar(255), -1);
    }
  }

  @Test
  void aPersonStandingInTheFirstFrameCountsAtOnce() {
    // found by the scan of the whole view on the first frame (no motion background yet): counted from that frame;
    // a plain scan hit later on waits for its confirmation
    PeopleTracker.Result r = step(0, new PeopleTracker.Observation(50, 120, 24, 60, 2.0, PeopleTracker.STARTUP));
    assertThat(r.tracks()).extracting(Track::footX).containsExactly(62.0);
    r = step(1, new PeopleTracker.Observation(200, 120, 24, 60, 2.0, PeopleTracker.SCAN));
    assertThat(r.tracks()).as("a rolling-scan hit is not confirmed by itself").hasSize(1);
  }
}
