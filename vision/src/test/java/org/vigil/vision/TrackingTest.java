package org.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The tracker on drawn scenes whose answers are known by construction: a person (a 24x60 px figure with head,
 * jacket and legs) walks across a counting line, stops for 10 s and stays counted, then leaves; two people cross the
 * line in opposite directions. The figures are drawn much darker than the background
 * (grey below half of it), so that the motion gate's shadow detection, which drops pixels darkened by up to half,
 * does not take them for shadows. 320x240 frames at 10 frames/s, a textured still
 * background, the counting line x = 100 from y = 100 to y = 230 drawn downwards (in = east).
 */
class TrackingTest {

  static {
    org.vigil.vision.internal.OpenCvLoader.load();
  }

  private static final int W = 320;
  private static final int H = 240;
  private final List<CrowdAnalyzer> open = new ArrayList<>();
  private final Mat background = texturedBackground();
  private boolean sign;

  @AfterEach
  void close() {
    open.forEach(CrowdAnalyzer::close);
    background.release();
  }

  private CrowdAnalyzer analyzer() {
    CameraConfig base = CameraConfig.of("synthetic", List.of(Zone.wholeFrame("all", W, H, 100, 0)));
    CameraConfig cfg = new CameraConfig("synthetic", base.zones(), base.motion(),
        new CameraConfig.Detector(CameraConfig.Method.HYBRID, 2.0, 1.1, 0.3, 60, 60, 0.4, 0.25),
        new CameraConfig.Flow(false, 0.25, 1.0, 3, 15, 3),
        List.of(new CountingLine("gate", new org.vigil.vision.Point(100, 100), new org.vigil.vision.Point(100, 230))),
        CameraConfig.Tracking.defaults());
    CrowdAnalyzer a = new CrowdAnalyzer(cfg);
    open.add(a);
    return a;
  }

  @Test
  void aPersonWhoStopsStaysCountedUntilTheyLeave() {
    CrowdAnalyzer a = analyzer();
    int frame = 0;
    for (int i = 0; i < 10; i++) {
      assertThat(a.analyze(frame(), frame++ * 100L).people()).isZero();
    }
    // walks east from x = 40 to x = 160 (foot row 180) at 4 px/frame, crossing x = 100
    for (int x = 40; x <= 160; x += 4) {
      FrameAnalysis fa = a.analyze(frame(x, 180), frame++ * 100L);
      if (x >= 60) {
        assertThat(fa.people()).as("walking, x = %d", x).isEqualTo(1);
      }
    }
    // stands still at x = 160 for 10 s (100 frames): the background model absorbs the figure, the count must not
    for (int i = 0; i < 100; i++) {
      FrameAnalysis fa = a.analyze(frame(160, 180), frame++ * 100L);
      assertThat(fa.people()).as("standing, %d frames", i).isEqualTo(1);
      assertThat(fa.tracks().get(0).state()).isNotEqualTo(Track.LOST);
    }
    FrameAnalysis standing = a.analyze(frame(160, 180), frame++ * 100L);
    assertThat(standing.tracks()).hasSize(1);
    // 14.2 s since the first walking frame: dwell in the whole-frame zone at least the 10 s of standing
    assertThat(standing.zones().get(0).maxDwellS()).isGreaterThan(10);
    assertThat(standing.lines()).containsExactly(new LineCount("gate", 1, 0));
    assertThat(standing.zones().get(0).exits()).isZero();
  }

  @Test
  void aPersonWhoLeavesIsNoLongerCounted() {
    CrowdAnalyzer a = analyzer();
    int frame = 0;
    for (int i = 0; i < 10; i++) {
      a.analyze(frame(), frame++ * 100L);
    }
    for (int x = 40; x <= 352; x += 4) {
      a.analyze(frame(x, 180), frame++ * 100L);
    }
    FrameAnalysis after = null;
    // an unseen track coasts at most 2 x maxLostFrames (16) frames when its look is still found ahead: 3 s is enough
    for (int i = 0; i < 30; i++) {
      after = a.analyze(frame(), frame++ * 100L);
    }
    assertThat(after.people()).isZero();
    assertThat(after.lines()).containsExactly(new LineCount("gate", 1, 0));
    assertThat(after.zones().get(0).exits()).isEqualTo(1);
  }

  @Test
  void twoPeopleCrossingInOppositeDirectionsCountOneEachWay() {
    CrowdAnalyzer a = analyzer();
    int frame = 0;
    for (int i = 0; i < 10; i++) {
      a.analyze(frame(), frame++ * 100L);
    }
    int mid = 0;
    FrameAnalysis fa = null;
    for (int k = 0; k <= 40; k++) {
      int east = 30 + 4 * k; // 30 -> 190 on row 150
      int west = 190 - 4 * k; // 190 -> 30 on row 215
      fa = a.analyze(frame(east, 150, west, 215), frame++ * 100L);
      if (k >= 5 && k <= 35) {
        assertThat(fa.people()).as("step %d", k).isEqualTo(2);
        mid++;
      }
    }
    assertThat(mid).isEqualTo(31);
    assertThat(fa.lines()).containsExactly(new LineCount("gate", 1, 1));
    assertThat(fa.tracks()).extracting(Track::id).doesNotHaveDuplicates();
  }

  @Test
  void aPersonWalkingBehindASignKeepsTheirIdentityAndTheirCrossingCounts() {
    // a sign stands in the view (part of every frame, so part of the background): x 84..124, y 140..200. A person
    // walking east on foot row 180 has only head and shoulders (y 120..140, a third of their 60 px) above it while
    // they pass from x = 96 to x = 112, legs and feet hidden; they cross the line x = 100 there.
    sign = true;
    CrowdAnalyzer a = analyzer();
    int frame = 0;
    for (int i = 0; i < 10; i++) {
      a.analyze(frame(), frame++ * 100L);
    }
    java.util.Set<Long> ids = new java.util.HashSet<>();
    FrameAnalysis fa = null;
    for (int x = 30; x <= 200; x += 4) {
      fa = a.analyze(frame(x, 180), frame++ * 100L);
      if (x >= 50) {
        assertThat(fa.people()).as("x = %d", x).isEqualTo(1);
      }
      fa.tracks().forEach(t -> ids.add(t.id()));
    }
    assertThat(ids).as("track ids seen").hasSize(1);
    assertThat(fa.lines()).containsExactly(new LineCount("gate", 1, 0));
  }

  @Test
  void aPersonWhoWalksOutAtTheLeftEdgeIsNoLongerCountedOnceMoreThanHalfOut() {
    // walks west on foot row 180 at 4 px/frame, slowing to 2 px/frame near the edge, until the figure (24 px wide)
    // is wholly out: x = 200 .. -16. It is more than half out once the foot point is left of x = 0; at most two
    // frames later it must no longer count (an unseen person whose box the edge cuts is on the way out, not
    // standing there)
    CrowdAnalyzer a = analyzer();
    int frame = 0;
    for (int i = 0; i < 10; i++) {
      a.analyze(frame(), frame++ * 100L);
    }
    int outFrames = 0;
    FrameAnalysis fa = null;
    for (int x = 200; x >= -16; x -= x > 40 ? 4 : 2) {
      fa = a.analyze(frame(x, 180), frame++ * 100L);
      if (x < 0) {
        outFrames++;
      }
      if (x >= 150 && x <= 170) {
        assertThat(fa.people()).as("walking, x = %d", x).isEqualTo(1);
      }
      if (outFrames > 2) {
        assertThat(fa.people()).as("more than half out for %d frames, x = %d", outFrames, x).isZero();
      }
    }
    for (int i = 0; i < 5; i++) {
      fa = a.analyze(frame(), frame++ * 100L);
      assertThat(fa.people()).as("gone, %d frames", i).isZero();
    }
    assertThat(fa.zones().get(0).exits()).isEqualTo(1);
  }

  /** A frame with figures whose foot points are the given (x, y) pairs (behind the sign when there is one). */
  private byte[] frame(int... feet) {
    Mat img = background.clone();
    for (int i = 0; i + 1 < feet.length; i += 2) {
      drawPerson(img, feet[i], feet[i + 1]);
    }
    if (sign) {
      Imgproc.rectangle(img, new Point(84, 140), new Point(124, 200), new Scalar(40, 120, 40), -1);
    }
    MatOfByte buf = new MatOfByte();
    Imgcodecs.imencode(".jpg", img, buf);
    byte[] out = buf.toArray();
    buf.release();
    img.release();
    return out;
  }

  private static void drawPerson(Mat img, int footX, int footY) {
    int x0 = footX - 12;
    int top = footY - 60;
    Imgproc.rectangle(img, new Point(x0 + 3, top + 14), new Point(x0 + 21, top + 36), new Scalar(20, 20, 90), -1);
    Imgproc.circle(img, new Point(footX, top + 7), 7, new Scalar(150, 170, 210), -1);
    Imgproc.rectangle(img, new Point(x0 + 4, top + 36), new Point(x0 + 11, footY), new Scalar(30, 30, 30), -1);
    Imgproc.rectangle(img, new Point(x0 + 13, top + 36), new Point(x0 + 20, footY), new Scalar(60, 50, 20), -1);
    Imgproc.rectangle(img, new Point(x0, top + 16), new Point(x0 + 3, top + 34), new Scalar(20, 20, 90), -1);
    Imgproc.rectangle(img, new Point(x0 + 21, top + 16), new Point(x0 + 24, top + 34), new Scalar(20, 20, 90), -1);
  }

  private static Mat texturedBackground() {
    Mat m = new Mat(H, W, org.opencv.core.CvType.CV_8UC3);
    Random rnd = new Random(7);
    byte[] px = new byte[W * H * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int v = 150 + (((x / 16) + (y / 16)) % 2) * 20 + rnd.nextInt(9) - 4;
        for (int c = 0; c < 3; c++) {
          px[(y * W + x) * 3 + c] = (byte) v;
        }
      }
    }
    m.put(0, 0, px);
    return m;
  }
}
