package org.vigil.jobs.crowd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vigil.alerts.crowd.CrowdSnapshot;
import org.vigil.alerts.crowd.ZoneObservation;
import org.vigil.vision.Detection;
import org.vigil.vision.FrameAnalysis;
import org.vigil.vision.ZoneCount;

/**
 * One analysed camera frame as it travels through the job: arrays of records rather than lists, so Flink copies it
 * with its own serializers (no Kryo, which cannot copy immutable lists).
 *
 * @param site site id
 * @param cameraId camera id
 * @param captureTsMs capture time, epoch ms
 * @param seq the camera's sequence number, -1 when none
 * @param width frame width, pixels
 * @param height frame height, pixels
 * @param people persons in the whole frame
 * @param motionEnergy mean optical-flow magnitude of the moving pixels, px per frame
 * @param movingFraction fraction of the frame in motion, 0..1
 * @param detectorRan whether the people detector ran on this frame (motion gating)
 * @param analysisMicros time the analysis took, microseconds
 * @param zones per-zone counts
 * @param boxes detected persons
 */
public record AnalysedFrame(
    String site,
    String cameraId,
    long captureTsMs,
    long seq,
    int width,
    int height,
    int people,
    double motionEnergy,
    double movingFraction,
    boolean detectorRan,
    long analysisMicros,
    ZoneStat[] zones,
    Box[] boxes) {

  /** One zone's count: persons, real area, density, Fruin level of service letter, capacity (0: none). */
  public record ZoneStat(String zoneId, int people, double areaM2, double densityPerM2, String levelOfService,
      int capacity) {}

  /** One detected person: box in frame pixels, score, what found it ({@code hog}, {@code blob}). */
  public record Box(int x, int y, int w, int h, double score, String source) {}

  public AnalysedFrame {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(cameraId, "cameraId");
    zones = zones == null ? new ZoneStat[0] : zones;
    boxes = boxes == null ? new Box[0] : boxes;
  }

  /** From the analyser's result. */
  public static AnalysedFrame of(String site, String cameraId, long seq, FrameAnalysis a) {
    ZoneStat[] zones = new ZoneStat[a.zones().size()];
    for (int i = 0; i < zones.length; i++) {
      ZoneCount z = a.zones().get(i);
      zones[i] = new ZoneStat(z.zoneId(), z.people(), z.areaM2(), z.densityPerM2(), z.los().name(), z.capacity());
    }
    Box[] boxes = new Box[a.detections().size()];
    for (int i = 0; i < boxes.length; i++) {
      Detection d = a.detections().get(i);
      boxes[i] = new Box(d.x(), d.y(), d.w(), d.h(), d.score(), d.source());
    }
    return new AnalysedFrame(site, cameraId, a.captureTsMs(), seq, a.width(), a.height(), a.people(),
        a.motionEnergy(), a.movingFraction(), a.detectorRan(), a.analysisNanos() / 1000, zones, boxes);
  }

  /** {@code site/camera/cameraId}, the key of a camera. */
  public String subject() {
    return site + "/camera/" + cameraId;
  }

  /** The input of the crowd rules. */
  public CrowdSnapshot snapshot() {
    List<ZoneObservation> zs = new ArrayList<>(zones.length);
    for (ZoneStat z : zones) {
      zs.add(new ZoneObservation(z.zoneId(), z.people(), z.areaM2(), z.capacity()));
    }
    return new CrowdSnapshot(site, cameraId, captureTsMs, motionEnergy, zs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnalysedFrame f && site.equals(f.site) && cameraId.equals(f.cameraId)
        && captureTsMs == f.captureTsMs && seq == f.seq && people == f.people && Arrays.equals(zones, f.zones)
        && Arrays.equals(boxes, f.boxes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(site, cameraId, captureTsMs, seq, people);
  }

  @Override
  public String toString() {
    return "AnalysedFrame[" + subject() + " ts=" + captureTsMs + " people=" + people + " zones="
        + Arrays.toString(zones) + "]";
  }
}
