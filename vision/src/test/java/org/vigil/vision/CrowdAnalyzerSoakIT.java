package org.vigil.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import org.vigil.vision.internal.OpenCvLoader;

/**
 * Thousands of frames through one analyser must not grow the process's resident memory: native Mats are released per
 * frame, not left to the garbage collector. The frames are the committed empty-walkway crop with the man from another
 * crop pasted in, walking back and forth (a 400-frame cycle, longer than the background model's memory, so that
 * the detector and the optical flow run on most frames; a short repeating loop would be learnt as background).
 * {@code -Dvigil.soak.frames=N} changes the count (default 5,000, about 30 s of CPU; the module README reports a
 * 10,000-frame run).
 */
class CrowdAnalyzerSoakIT {

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = CrowdAnalyzerSoakIT.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  /** 400 JPEG frames: the man (box 40x95 at (110, 22) of the 420 crop) walks 0 -> 118 px and back. */
  private static List<byte[]> walkingMan() throws IOException {
    OpenCvLoader.load();
    Mat background = Imgcodecs.imdecode(new MatOfByte(resource("/vtest/crops/walkway-460.jpg")),
        Imgcodecs.IMREAD_COLOR);
    Mat withMan = Imgcodecs.imdecode(new MatOfByte(resource("/vtest/crops/walkway-420.jpg")),
        Imgcodecs.IMREAD_COLOR);
    Mat man = withMan.submat(new Rect(110, 22, 40, 95));
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int x = (int) Math.round((i < 200 ? i : 399 - i) * 118 / 199.0);
      Mat frame = background.clone();
      man.copyTo(frame.submat(new Rect(x, 40, 40, 95)));
      MatOfByte buf = new MatOfByte();
      Imgcodecs.imencode(".jpg", frame, buf);
      frames.add(buf.toArray());
      buf.release();
      frame.release();
    }
    man.release();
    withMan.release();
    background.release();
    return frames;
  }

  @Test
  void residentMemoryStaysFlatOverThousandsOfFrames() throws IOException {
    int frames = Integer.getInteger("vigil.soak.frames", 5_000);
    List<byte[]> clip = walkingMan();
    CameraConfig cfg = new CameraConfig("soak", List.of(Zone.wholeFrame("all", 160, 144, 10, 0)),
        CameraConfig.Motion.defaults(),
        new CameraConfig.Detector(CameraConfig.Method.HYBRID, 2.0, 1.1, 0.3, 50, 90, 0.4, 0.25),
        CameraConfig.Flow.defaults());
    long warm = 0;
    StringBuilder trend = new StringBuilder();
    long t0 = System.nanoTime();
    int ran = 0;
    try (CrowdAnalyzer a = new CrowdAnalyzer(cfg)) {
      for (int i = 0; i < frames; i++) {
        if (a.analyze(clip.get(i % clip.size()), i * 100L).detectorRan()) {
          ran++;
        }
        if ((i + 1) % 1000 == 0) {
          // no System.gc(): a live camera never calls it, and it would let finalizers hide unreleased Mats
          long rss = rssKb();
          trend.append(' ').append(rss / 1024);
          if (i == 1999) {
            warm = rss; // after warm-up: the first 1,000 frames are not representative
          }
        }
      }
    }
    long end = rssKb();
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("soak: %d frames in %.1f s, detector ran on %d; RSS after 2,000 frames %d MB, after %d: %d MB;"
        + " every 1,000 frames (MB):%s%n", frames, secs, ran, warm / 1024, frames, end / 1024, trend);
    assertThat(ran).isGreaterThan(frames / 2);
    // Measured: the analyser as written grew 23 to 32 MB from frame 2,000 to 5,000 (Java heap expanding, Mat
    // headers awaiting finalization); with the decoded frame left unreleased (69 KB/frame) it grew 180 MB. The bar
    // catches a leak of about 20 KB per frame or more; smaller ones need the longer full-resolution soak
    // (./vigil vision-eval --soak 10000).
    assertThat(end - warm).as("RSS growth in KB").isLessThan(60 * 1024);
  }
}
