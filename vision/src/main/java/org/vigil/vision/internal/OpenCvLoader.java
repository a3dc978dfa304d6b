package org.vigil.vision.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads OpenCV's native library (bundled in {@code org.openpnp:opencv}) once per JVM. */
public final class OpenCvLoader {

  private static final Logger LOG = LoggerFactory.getLogger(OpenCvLoader.class);
  private static volatile boolean loaded;

  private OpenCvLoader() {}

  /** Loads the library if it is not loaded yet; cheap after the first call. */
  public static void load() {
    if (loaded) {
      return;
    }
    synchronized (OpenCvLoader.class) {
      if (!loaded) {
        long t0 = System.nanoTime();
        nu.pattern.OpenCV.loadLocally();
        loaded = true;
        LOG.info("OpenCV {} loaded in {} ms", org.opencv.core.Core.VERSION, (System.nanoTime() - t0) / 1_000_000);
      }
    }
  }
}
