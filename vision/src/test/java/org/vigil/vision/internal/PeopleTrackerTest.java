package org.vigil.vision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.vigil.vision.CameraConfig;
import org.vigil.vision.Track;
import org.vigil.vision.Zone;

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
  void aPersonStandingInTheFirstFrameCountsAtOnce() {
    // found by the scan of the whole view on the first frame (no motion background yet): counted from that frame;
    // a plain scan hit later on waits for its confirmation
    PeopleTracker.Result r = step(0, new PeopleTracker.Observation(50, 120, 24, 60, 2.0, PeopleTracker.STARTUP));
    assertThat(r.tracks()).extracting(Track::footX).containsExactly(62.0);
    r = step(1, new PeopleTracker.Observation(200, 120, 24, 60, 2.0, PeopleTracker.SCAN));
    assertThat(r.tracks()).as("a rolling-scan hit is not confirmed by itself").hasSize(1);
  }
}
