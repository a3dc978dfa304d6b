package org.vigil.simulator.camera;

/** Where a simulated camera's JPEG frames come from: a real clip or a drawn scene. Used from one thread. */
public interface FrameSource {

  /** The JPEG of frame {@code index} (0, 1, 2, ...) taken {@code seconds} after the camera started. */
  byte[] frame(long index, double seconds);

  /** What it is, for the progress line. */
  String describe();
}
