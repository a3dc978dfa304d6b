package org.vigil.jobs.crowd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vigil.alerts.crowd.CrowdSnapshot;
import org.vigil.alerts.crowd.LineObservation;
import org.vigil.alerts.crowd.ZoneObservation;
import org.vigil.vision.CountingLine;
import org.vigil.vision.Detection;
import org.vigil.vision.FrameAnalysis;
import org.vigil.vision.LineCount;
import org.vigil.vision.Track;
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
 * @param tracks the tracker's confirmed tracks present in the frame
 * @param lines cumulative crossings per counting line, with the line's geometry
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
    Box[] boxes,
    TrackStat[] tracks,
    LineStat[] lines) {

  /**
   * One zone's figures: persons, real area, density, Fruin level of service letter, capacity (0: none), and from
   * the tracker cumulative entries and exits, the net inflow per minute of the last 60 s (NaN: not known), the
   * longest and mean dwell of the people in it (s), and the minutes until it is full at that inflow (infinite: never).
   */
  public record ZoneStat(String zoneId, int people, double areaM2, double densityPerM2, String levelOfService,
      int capacity, long entries, long exits, double netInflowPerMin, double maxDwellS, double meanDwellS,
      double minutesToCapacity) {

    /** A zone without tracking figures. */
    public ZoneStat(String zoneId, int people, double areaM2, double densityPerM2, String levelOfService,
        int capacity) {
      this(zoneId, people, areaM2, densityPerM2, levelOfService, capacity, 0, 0, Double.NaN, 0, 0,
          ZoneCount.minutesToCapacity(capacity, people, Double.NaN));
    }
  }

  /** One detected person: box in frame pixels, score, what found it ({@code hog}, {@code blob}). */
  public record Box(int x, int y, int w, int h, double score, String source) {}

  /**
   * One tracked person: id (unique per analyser), box and foot point in frame pixels, state ({@code moving},
   * {@code still}, {@code lost}), the zone the foot point is in (null: none) and how long it has been in it, s.
   */
  public record TrackStat(long id, int x, int y, int w, int h, double footX, double footY, String state,
      String zoneId, double dwellS) {}

  /** One counting line: id, cumulative crossings in and out, and its segment {@code from -> to} in frame pixels. */
  public record LineStat(String lineId, long in, long out, double fromX, double fromY, double toX, double toY) {}

  public AnalysedFrame {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(cameraId, "cameraId");
    zones = zones == null ? new ZoneStat[0] : zones;
    boxes = boxes == null ? new Box[0] : boxes;
    tracks = tracks == null ? new TrackStat[0] : tracks;
    lines = lines == null ? new LineStat[0] : lines;
  }

  /** A frame without tracks or counting lines. */
  public AnalysedFrame(String site, String cameraId, long captureTsMs, long seq, int width, int height, int people,
      double motionEnergy, double movingFraction, boolean detectorRan, long analysisMicros, ZoneStat[] zones,
      Box[] boxes) {
    this(site, cameraId, captureTsMs, seq, width, height, people, motionEnergy, movingFraction, detectorRan,
        analysisMicros, zones, boxes, null, null);
  }

  /** From the analyser's result, without line geometry. */
  public static AnalysedFrame of(String site, String cameraId, long seq, FrameAnalysis a) {
    return of(site, cameraId, seq, a, List.of());
  }

  /**
   * From the analyser's result.
   *
   * @param geometry the camera's counting lines, for the segments of {@link #lines} (a line not in it has none: 0s)
   */
  public static AnalysedFrame of(String site, String cameraId, long seq, FrameAnalysis a,
      List<CountingLine> geometry) {
    ZoneStat[] zones = new ZoneStat[a.zones().size()];
    for (int i = 0; i < zones.length; i++) {
      ZoneCount z = a.zones().get(i);
      zones[i] = new ZoneStat(z.zoneId(), z.people(), z.areaM2(), z.densityPerM2(), z.los().name(), z.capacity(),
          z.entries(), z.exits(), z.netInflowPerMin(), z.maxDwellS(), z.meanDwellS(), z.minutesToCapacity());
    }
    TrackStat[] tracks = new TrackStat[a.tracks().size()];
    for (int i = 0; i < tracks.length; i++) {
      Track t = a.tracks().get(i);
      double dwell = t.zoneId() == null ? 0 : Math.max(0, a.captureTsMs() - t.inZoneSinceMs()) / 1000.0;
      tracks[i] = new TrackStat(t.id(), t.x(), t.y(), t.w(), t.h(), t.footX(), t.footY(), t.state(), t.zoneId(),
          dwell);
    }
    LineStat[] lines = new LineStat[a.lines().size()];
    for (int i = 0; i < lines.length; i++) {
      LineCount l = a.lines().get(i);
      CountingLine g = geometry.stream().filter(c -> c.id().equals(l.lineId())).findFirst().orElse(null);
      lines[i] = g == null ? new LineStat(l.lineId(), l.in(), l.out(), 0, 0, 0, 0)
          : new LineStat(l.lineId(), l.in(), l.out(), g.from().x(), g.from().y(), g.to().x(), g.to().y());
    }
    Box[] boxes = new Box[a.detections().size()];
    for (int i = 0; i < boxes.length; i++) {
      Detection d = a.detections().get(i);
      boxes[i] = new Box(d.x(), d.y(), d.w(), d.h(), d.score(), d.source());
    }
    return new AnalysedFrame(site, cameraId, a.captureTsMs(), seq, a.width(), a.height(), a.people(),
        a.motionEnergy(), a.movingFraction(), a.detectorRan(), a.analysisNanos() / 1000, zones, boxes, tracks, lines);
  }

  /** {@code site/camera/cameraId}, the key of a camera. */
  public String subject() {
    return site + "/camera/" + cameraId;
  }

  /** The input of the crowd rules. */
  public CrowdSnapshot snapshot() {
    List<ZoneObservation> zs = new ArrayList<>(zones.length);
    for (ZoneStat z : zones) {
      zs.add(new ZoneObservation(z.zoneId(), z.people(), z.areaM2(), z.capacity(), z.entries(), z.exits(),
          z.maxDwellS(), z.meanDwellS()));
    }
    List<LineObservation> ls = new ArrayList<>(lines.length);
    for (LineStat l : lines) {
      ls.add(new LineObservation(l.lineId(), l.in(), l.out()));
    }
    return new CrowdSnapshot(site, cameraId, captureTsMs, motionEnergy, zs, ls);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnalysedFrame f && site.equals(f.site) && cameraId.equals(f.cameraId)
        && captureTsMs == f.captureTsMs && seq == f.seq && people == f.people && Arrays.equals(zones, f.zones)
        && Arrays.equals(boxes, f.boxes) && Arrays.equals(tracks, f.tracks) && Arrays.equals(lines, f.lines);
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
