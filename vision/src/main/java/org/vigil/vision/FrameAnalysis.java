package org.vigil.vision;

import java.util.List;

/**
 * What the analyser found in one frame.
 *
 * @param captureTsMs the frame's capture time (epoch ms), as passed to {@link CrowdAnalyzer#analyze}
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param detections what the detector found in this frame, boxes in frame pixels (the tracker's input); on a frame
 *     where the detector did not run, the detections carried over from the last frame it ran on
 * @param people number of persons in the frame: the confirmed tracks present in it (see {@code tracks})
 * @param zones one count per configured zone, in configuration order
 * @param motionEnergy mean dense optical-flow magnitude in pixels per frame (scaled to full-resolution pixels),
 *     averaged over the <em>moving</em> pixels only: those whose flow magnitude is at least
 *     {@link CameraConfig.Flow#minMagnitudePx()}. 0 when nothing moves, on the first frame, on a whole-view change (see {@code detectorRan}), or when flow is
 *     off.
 *     Averaging over moving pixels keeps it a speed (a few running people score high even in a wide view);
 *     multiply by {@code movingFraction} for a frame-wide activity level.
 * @param movingFraction fraction of the frame (0..1) the background model marks as foreground
 * @param detectorRan whether the people detector ran on this frame: false when motion gating found the frame still,
 *     and when the whole view changed at once (lights, camera moved), where the previous detections are kept
 * @param analysisNanos wall time the analysis took, nanoseconds (decode included)
 * @param tracks the confirmed tracks present in this frame (moving, still, or briefly lost and coasting)
 * @param lines one cumulative crossing count per configured counting line, in configuration order
 */
public record FrameAnalysis(
    long captureTsMs,
    int width,
    int height,
    List<Detection> detections,
    int people,
    List<ZoneCount> zones,
    double motionEnergy,
    double movingFraction,
    boolean detectorRan,
    long analysisNanos,
    List<Track> tracks,
    List<LineCount> lines) {

  /** Copies the lists so the record is immutable. */
  public FrameAnalysis {
    detections = List.copyOf(detections);
    zones = List.copyOf(zones);
    tracks = tracks == null ? List.of() : List.copyOf(tracks);
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  /** A result without tracks or counting lines (for analysers that do not track). */
  public FrameAnalysis(
      long captureTsMs, int width, int height, List<Detection> detections, int people, List<ZoneCount> zones,
      double motionEnergy, double movingFraction, boolean detectorRan, long analysisNanos) {
    this(captureTsMs, width, height, detections, people, zones, motionEnergy, movingFraction, detectorRan,
        analysisNanos, List.of(), List.of());
  }
}
