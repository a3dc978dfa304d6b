package org.vigil.jobs.crowd;

import java.io.Serializable;
import org.vigil.vision.CrowdAnalyzer;
import org.vigil.vision.FrameAnalysis;

/**
 * One camera's frame analyser as the job sees it: a seam so that operator tests use a hand-written fake instead of
 * OpenCV. Implementations keep per-camera state and are used by one thread at a time.
 */
public interface FrameAnalyzer extends AutoCloseable {

  /**
   * @throws org.vigil.vision.FrameDecodeException when the bytes are not a decodable image
   */
  FrameAnalysis analyze(byte[] jpeg, long captureTsMs);

  @Override
  void close();

  /** Makes the analyser of a camera; shipped with the job graph. */
  @FunctionalInterface
  interface Factory extends Serializable {

    /**
     * @param site the camera's site
     * @param cameraId the camera
     * @param width width of its first frame, pixels (for a default whole-frame zone)
     * @param height height of its first frame, pixels
     */
    FrameAnalyzer create(String site, String cameraId, int width, int height);
  }

  /** The OpenCV analyser ({@link CrowdAnalyzer}) with the camera's configuration from {@link CrowdOptions}. */
  static Factory openCv(CrowdOptions options) {
    return (site, cameraId, width, height) -> {
      CrowdAnalyzer a = new CrowdAnalyzer(options.cameraConfig(cameraId, width, height));
      return new FrameAnalyzer() {
        @Override
        public FrameAnalysis analyze(byte[] jpeg, long captureTsMs) {
          return a.analyze(jpeg, captureTsMs);
        }

        @Override
        public void close() {
          a.close();
        }
      };
    };
  }
}
