package org.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.vigil.vision.internal.OpenCvLoader;

class CrowdAnalyzerTest {

  static {
    OpenCvLoader.load();
  }

  /**
   * Crops (160x144 at x=180, y=176) of vtest frames 460 (empty walkway), 420 (one man standing, feet at about
   * (310, 288) in the frame, (130, 112) in the crop) and 380 (one man walking, feet at about (295, 250) / (115, 74)).
   */
  private static final String EMPTY = "/vtest/crops/walkway-460.jpg";
  private static final String STANDING = "/vtest/crops/walkway-420.jpg";
  private static final String WALKING = "/vtest/crops/walkway-380.jpg";

  /** The crop's rows 0..143 are frame rows 176..319, where vtest people are about 50 to 90 px tall. */
  private static CameraConfig cropConfig(CameraConfig.Method method) {
    Zone left = new Zone("left", List.of(new Point(0, 0), new Point(80, 0), new Point(80, 144), new Point(0, 144)),
        8, 0);
    Zone right = new Zone("right",
        List.of(new Point(80, 0), new Point(160, 0), new Point(160, 144), new Point(80, 144)), 4, 0);
    return new CameraConfig("crop", List.of(left, right), CameraConfig.Motion.defaults(),
        new CameraConfig.Detector(method, 2.0, 1.1, 0.3, 50, 90, 0.4, 0.25), CameraConfig.Flow.defaults(), List.of(),
        // these tests look at the detector on single frames; tracking (a person counts once seen in several
        // frames) is TrackingTest's subject
        new CameraConfig.Tracking(false, 3, 8, 0.5, 0.6, 600, 20, 1.0, 5));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = CrowdAnalyzerTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static byte[] jpeg(Mat img) {
    MatOfByte buf = new MatOfByte();
    Imgcodecs.imencode(".jpg", img, buf);
    byte[] b = buf.toArray();
    buf.release();
    return b;
  }

  private static byte[] greyScene(int personX) {
    Mat img = new Mat(288, 384, CvType.CV_8UC3, new Scalar(120, 120, 120));
    Imgproc.rectangle(img, new org.opencv.core.Point(20, 20), new org.opencv.core.Point(60, 260),
        new Scalar(40, 80, 160), -1);
    if (personX >= 0) {
      Imgproc.rectangle(img, new org.opencv.core.Point(personX, 100), new org.opencv.core.Point(personX + 30, 180),
          new Scalar(20, 20, 20), -1);
    }
    byte[] b = jpeg(img);
    img.release();
    return b;
  }

  @Test
  void corruptFramesFailWithAReasonAndTheirSize() throws IOException {
    byte[] good = resource(EMPTY);
    try (CrowdAnalyzer a = new CrowdAnalyzer(cropConfig(CameraConfig.Method.HYBRID))) {
      assertThatThrownBy(() -> a.analyze(new byte[0], 1)).isInstanceOfSatisfying(FrameDecodeException.class,
          e -> {
            assertThat(e.reason()).isEqualTo("empty");
            assertThat(e.byteCount()).isZero();
          });
      byte[] text = "{\"not\": \"a jpeg\"}".getBytes();
      assertThatThrownBy(() -> a.analyze(text, 2)).isInstanceOfSatisfying(FrameDecodeException.class,
          e -> {
            assertThat(e.reason()).isEqualTo("not_an_image");
            assertThat(e.byteCount()).isEqualTo(text.length);
            assertThat(e.getMessage()).contains("7B 22 6E 6F");
          });
      byte[] half = Arrays.copyOf(good, good.length / 2);
      assertThatThrownBy(() -> a.analyze(half, 3)).isInstanceOfSatisfying(FrameDecodeException.class,
          e -> {
            assertThat(e.reason()).isEqualTo("truncated");
            assertThat(e.byteCount()).isEqualTo(good.length / 2);
          });
      // a JPEG header and end marker around garbage
      byte[] garbage = new byte[500];
      Arrays.fill(garbage, (byte) 0x5A);
      garbage[0] = (byte) 0xFF;
      garbage[1] = (byte) 0xD8;
      garbage[2] = (byte) 0xFF;
      garbage[498] = (byte) 0xFF;
      garbage[499] = (byte) 0xD9;
      assertThatThrownBy(() -> a.analyze(garbage, 4)).isInstanceOfSatisfying(FrameDecodeException.class,
          e -> {
            assertThat(e.reason()).isEqualTo("undecodable");
            assertThat(e.byteCount()).isEqualTo(500);
          });
      // the analyser is still usable after bad frames
      FrameAnalysis ok = a.analyze(good, 5);
      assertThat(ok.width()).isEqualTo(160);
      assertThat(ok.height()).isEqualTo(144);
      assertThat(ok.captureTsMs()).isEqualTo(5);
    }
  }

  @Test
  void motionGatingSkipsTheDetectorOnIdenticalFrames() {
    byte[] still = greyScene(-1);
    try (CrowdAnalyzer a = new CrowdAnalyzer(CameraConfig.of("still", List.of()))) {
      a.analyze(still, 0); // the background model learns the scene
      for (int i = 1; i <= 10; i++) {
        FrameAnalysis fa = a.analyze(still, i * 100L);
        assertThat(fa.detectorRan()).as("frame %d", i).isFalse();
        assertThat(fa.movingFraction()).isZero();
        assertThat(fa.motionEnergy()).isZero();
        assertThat(fa.people()).isZero();
      }
      // something appears: the detector runs again, and flow sees it move on the next frame
      FrameAnalysis moved = a.analyze(greyScene(200), 1100);
      assertThat(moved.detectorRan()).isTrue();
      // the dark 30x80 box is 2400 of 110592 px = 2.2 % of the frame (JPEG edges blur it a little)
      assertThat(moved.movingFraction()).isCloseTo(2400.0 / (384 * 288), within(0.01));
      FrameAnalysis next = a.analyze(greyScene(206), 1200);
      assertThat(next.detectorRan()).isTrue();
      assertThat(next.motionEnergy()).isGreaterThan(1.0);
    }
  }

  @Test
  void aChangeOfTheWholeViewIsNotTakenForACrowd() throws IOException {
    byte[] empty = resource(EMPTY);
    byte[] standing = resource(STANDING);
    Mat img = Imgcodecs.imdecode(new MatOfByte(standing), Imgcodecs.IMREAD_COLOR);
    Mat dark = new Mat();
    img.convertTo(dark, -1, 0.4, 0); // lights dimmed to 40 %
    byte[] dimmed = jpeg(dark);
    img.release();
    dark.release();
    try (CrowdAnalyzer a = new CrowdAnalyzer(cropConfig(CameraConfig.Method.HYBRID))) {
      for (int i = 0; i < 20; i++) {
        a.analyze(empty, i * 100L);
      }
      FrameAnalysis man = a.analyze(standing, 2000);
      assertThat(man.people()).isEqualTo(1);
      FrameAnalysis change = a.analyze(dimmed, 2100);
      assertThat(change.movingFraction()).isGreaterThan(CrowdAnalyzer.GLOBAL_CHANGE_FRACTION);
      assertThat(change.detectorRan()).isFalse();
      assertThat(change.people()).as("the man's detection is kept, not a frame full of blobs").isEqualTo(1);
      assertThat(change.motionEnergy()).isZero();
      assertThat(a.globalChanges()).isEqualTo(1);
      // the background restarted from the dimmed frame: the same dimmed view is still
      FrameAnalysis after = a.analyze(dimmed, 2200);
      assertThat(after.detectorRan()).isFalse();
      assertThat(after.movingFraction()).isLessThan(0.01);
      assertThat(a.globalChanges()).isEqualTo(1);
    }
  }

  @Test
  void withGatingOffTheDetectorRunsOnEveryFrame() {
    byte[] still = greyScene(-1);
    CameraConfig cfg = new CameraConfig("ungated", List.of(),
        new CameraConfig.Motion(false, 0.5, 300, 16, 0.0005, 24), null, null);
    try (CrowdAnalyzer a = new CrowdAnalyzer(cfg)) {
      for (int i = 0; i < 3; i++) {
        assertThat(a.analyze(still, i).detectorRan()).isTrue();
      }
    }
  }

  @Test
  void findsTheManWhoWalksOntoTheEmptyWalkway() throws IOException {
    byte[] empty = resource(EMPTY);
    byte[] standing = resource(STANDING);
    for (CameraConfig.Method method : List.of(CameraConfig.Method.HYBRID, CameraConfig.Method.BLOB)) {
      try (CrowdAnalyzer a = new CrowdAnalyzer(cropConfig(method))) {
        FrameAnalysis fa = null;
        for (int i = 0; i < 20; i++) {
          fa = a.analyze(empty, i * 100L);
        }
        assertThat(fa.people()).as("%s on the empty walkway", method).isZero();
        fa = a.analyze(standing, 2000);
        assertThat(fa.people()).as("%s: %s", method, fa.detections()).isEqualTo(1);
        Detection d = fa.detections().get(0);
        // annotated feet at (130, 112) in the crop, read off the image to about 10 px
        assertThat(d.footX()).as("%s foot x of %s", method, d).isCloseTo(130, within(15.0));
        assertThat(d.footY()).as("%s foot y of %s", method, d).isCloseTo(112, within(15.0));
        assertThat(fa.zones()).extracting(ZoneCount::people).containsExactly(0, 1);
        // right zone: 1 person on 4 m² = 0.25/m², LOS A
        assertThat(fa.zones().get(1).densityPerM2()).isEqualTo(0.25);
        assertThat(fa.zones().get(1).los()).isEqualTo(LevelOfService.A);
      }
    }
  }

  @Test
  void hybridFindsTheWalkingManEvenWhereHogAloneMissesHim() throws IOException {
    byte[] empty = resource(EMPTY);
    try (CrowdAnalyzer a = new CrowdAnalyzer(cropConfig(CameraConfig.Method.HYBRID))) {
      for (int i = 0; i < 20; i++) {
        a.analyze(empty, i * 100L);
      }
      FrameAnalysis fa = a.analyze(resource(WALKING), 2000);
      assertThat(fa.people()).as("%s", fa.detections()).isEqualTo(1);
      Detection d = fa.detections().get(0);
      // annotated feet at (115, 74) in the crop
      assertThat(d.footX()).as("foot x of %s", d).isCloseTo(115, within(15.0));
      assertThat(d.footY()).as("foot y of %s", d).isCloseTo(74, within(15.0));
      assertThat(fa.zones()).extracting(ZoneCount::people).containsExactly(0, 1);
    }
  }

  @Test
  void hogOnTheEnlargedMovingRegionFindsTheMan() throws IOException {
    byte[] empty = resource(EMPTY);
    try (CrowdAnalyzer a = new CrowdAnalyzer(cropConfig(CameraConfig.Method.HOG_REGIONS))) {
      for (int i = 0; i < 20; i++) {
        a.analyze(empty, i * 100L);
      }
      // the man is about 83 px tall: at native scale HOG's 64x128 window cannot hold him; the region is enlarged
      // by 130 / (50 + 40 * 112 / 143) = 1.6 to about 133 px
      FrameAnalysis fa = a.analyze(resource(STANDING), 2000);
      assertThat(fa.detections()).as("detections").hasSize(1);
      Detection d = fa.detections().get(0);
      assertThat(d.source()).isEqualTo("hog");
      // annotated feet at (130, 112) in the crop
      assertThat(d.footX()).as("foot x of %s", d).isCloseTo(130, within(15.0));
      assertThat(d.footY()).as("foot y of %s", d).isCloseTo(112, within(15.0));
      assertThat(fa.zones()).extracting(ZoneCount::people).containsExactly(0, 1);
    }
  }

  @Test
  void closedAnalyserRefusesFrames() {
    CrowdAnalyzer a = new CrowdAnalyzer(CameraConfig.of("c", List.of()));
    a.close();
    a.close();
    assertThatThrownBy(() -> a.analyze(greyScene(-1), 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'c' is closed");
  }
}
