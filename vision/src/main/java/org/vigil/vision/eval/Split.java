package org.vigil.vision.eval;

/**
 * The fixed split of the vtest clip into a tuning part and a test part, decided before any result was seen:
 * alternating blocks of 100 frames, so that both parts cover the start, the middle and the end of the clip.
 * Settings are chosen on the tuning part only; the test part is what the figures in the README report.
 */
public final class Split {

  private Split() {}

  /** A part of the split. */
  public enum Part {
    /** Frames in [0,100), [200,300), [400,500), [600,700). */
    TUNING,
    /** Frames in [100,200), [300,400), [500,600), [700,795) and beyond. */
    TEST,
    /** Every frame. */
    ALL;

    /** Whether the frame belongs to this part. */
    public boolean contains(int frame) {
      return switch (this) {
        case ALL -> true;
        case TUNING -> isTuning(frame);
        case TEST -> !isTuning(frame);
      };
    }

    /** Lower-case label for reports. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether a frame is in the tuning part: its block of 100 frames has an even index and it is below 700. */
  public static boolean isTuning(int frame) {
    return frame >= 0 && frame < 700 && (frame / 100) % 2 == 0;
  }
}
