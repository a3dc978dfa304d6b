package org.vigil.jobs.crowd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.connectors.mqtt.MqttMessageEncoder;
import org.vigil.core.topics.Topics;

/** How analysed frames leave the job: InfluxDB {@code crowd} and {@code crowd_lines} points and the detections feed. */
public final class CrowdEncoders {

  /**
   * Most tracks a detections message carries ({@code tracksTotal} says how many there were): the console keeps a
   * detections message of at most 64 KiB, and a track is about 150 bytes of JSON.
   */
  public static final int MAX_TRACKS = 150;

  private CrowdEncoders() {}

  /**
   * One point per zone: measurement {@code crowd}, tags site, camera, zone; fields {@code people} (integer),
   * {@code area_m2}, {@code density_per_m2}, {@code level_of_service} (A..F), {@code capacity} (integer, when
   * configured), from the tracker {@code entries} and {@code exits} (integers, cumulative since the analyser started),
   * {@code net_inflow_per_min}, {@code max_dwell_s}, {@code mean_dwell_s}, {@code minutes_to_capacity} (each only
   * when finite), and camera-wide {@code motion_energy} (px/frame), {@code moving_fraction}, {@code frame_people},
   * {@code tracks} (integer), {@code detector_ran}, {@code analysis_ms}; then one point per counting line: measurement
   * {@code crowd_lines}, tags site, camera, line; fields {@code crossings_in}, {@code crossings_out} (integers,
   * cumulative). Time = capture time, so a replayed frame overwrites itself.
   */
  public static void crowd(AnalysedFrame f, LineProtocol.Builder out) {
    for (AnalysedFrame.ZoneStat z : f.zones()) {
      out.measurement("crowd").tag("site", f.site()).tag("camera", f.cameraId()).tag("zone", z.zoneId())
          .field("people", (long) z.people())
          .field("area_m2", z.areaM2())
          .field("density_per_m2", z.densityPerM2())
          .field("level_of_service", z.levelOfService());
      if (z.capacity() > 0) {
        out.field("capacity", (long) z.capacity());
      }
      out.field("entries", z.entries())
          .field("exits", z.exits())
          .field("net_inflow_per_min", z.netInflowPerMin())
          .field("max_dwell_s", z.maxDwellS())
          .field("mean_dwell_s", z.meanDwellS())
          .field("minutes_to_capacity", z.minutesToCapacity())
          .field("motion_energy", f.motionEnergy())
          .field("moving_fraction", f.movingFraction())
          .field("frame_people", (long) f.people())
          .field("tracks", (long) f.tracks().length)
          .field("detector_ran", f.detectorRan())
          .field("analysis_ms", f.analysisMicros() / 1000.0)
          .timestamp(f.captureTsMs());
    }
    for (AnalysedFrame.LineStat l : f.lines()) {
      out.measurement("crowd_lines").tag("site", f.site()).tag("camera", f.cameraId()).tag("line", l.lineId())
          .field("crossings_in", l.in())
          .field("crossings_out", l.out())
          .timestamp(f.captureTsMs());
    }
  }

  /**
   * Detections on {@code vigil/{site}/camera/{cameraId}/detections}:
   * <pre>{@code
   * {"site": "plaza", "camera": "cam1", "ts": "2026-...Z", "tsMs": 1800000000000, "seq": 7, "width": 768,
   *  "height": 576, "people": 12, "motionEnergy": 1.9, "movingFraction": 0.04, "detectorRan": true,
   *  "boxes": [{"x": 10, "y": 20, "w": 40, "h": 100, "score": 1.2, "source": "hog"}],
   *  "tracks": [{"id": 41, "x": 10, "y": 20, "w": 40, "h": 100, "footX": 30.0, "footY": 120.0, "state": "moving",
   *              "zone": "gate", "dwellS": 12.4}],
   *  "tracksTotal": 1,
   *  "lines": [{"id": "door", "in": 31, "out": 12, "from": [430, 140], "to": [430, 440]}],
   *  "zones": [{"id": "gate", "people": 9, "areaM2": 40, "densityPerM2": 0.225, "levelOfService": "A",
   *             "capacity": 50, "entries": 40, "exits": 31, "netInflowPerMin": 2.0, "maxDwellS": 95.0,
   *             "meanDwellS": 30.5, "minutesToCapacity": 20.5}]}
   * }</pre>
   * At most {@link #MAX_TRACKS} tracks; {@code zone} is null outside every zone; {@code netInflowPerMin} is null
   * while unknown and {@code minutesToCapacity} null when the zone is not filling (or has no capacity).
   */
  public static final class Detections implements MqttMessageEncoder<AnalysedFrame> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String topic(AnalysedFrame f) {
      return Topics.detections(f.site(), f.cameraId());
    }

    @Override
    public byte[] payload(AnalysedFrame f) {
      ObjectNode n = JSON.createObjectNode();
      n.put("site", f.site());
      n.put("camera", f.cameraId());
      n.put("ts", Instant.ofEpochMilli(f.captureTsMs()).toString());
      n.put("tsMs", f.captureTsMs());
      n.put("seq", f.seq());
      n.put("width", f.width());
      n.put("height", f.height());
      n.put("people", f.people());
      n.put("motionEnergy", f.motionEnergy());
      n.put("movingFraction", f.movingFraction());
      n.put("detectorRan", f.detectorRan());
      ArrayNode boxes = n.putArray("boxes");
      for (AnalysedFrame.Box b : f.boxes()) {
        boxes.addObject().put("x", b.x()).put("y", b.y()).put("w", b.w()).put("h", b.h()).put("score", b.score())
            .put("source", b.source());
      }
      ArrayNode tracks = n.putArray("tracks");
      for (int i = 0; i < Math.min(MAX_TRACKS, f.tracks().length); i++) {
        AnalysedFrame.TrackStat t = f.tracks()[i];
        ObjectNode o = tracks.addObject().put("id", t.id()).put("x", t.x()).put("y", t.y()).put("w", t.w())
            .put("h", t.h()).put("footX", round(t.footX())).put("footY", round(t.footY())).put("state", t.state())
            .put("zone", t.zoneId());
        number(o, "dwellS", round(t.dwellS()));
      }
      n.put("tracksTotal", f.tracks().length);
      ArrayNode lines = n.putArray("lines");
      for (AnalysedFrame.LineStat l : f.lines()) {
        ObjectNode o = lines.addObject().put("id", l.lineId()).put("in", l.in()).put("out", l.out());
        o.putArray("from").add(l.fromX()).add(l.fromY());
        o.putArray("to").add(l.toX()).add(l.toY());
      }
      ArrayNode zones = n.putArray("zones");
      for (AnalysedFrame.ZoneStat z : f.zones()) {
        ObjectNode o = zones.addObject().put("id", z.zoneId()).put("people", z.people()).put("areaM2", z.areaM2())
            .put("densityPerM2", z.densityPerM2()).put("levelOfService", z.levelOfService())
            .put("capacity", z.capacity()).put("entries", z.entries()).put("exits", z.exits());
        number(o, "netInflowPerMin", z.netInflowPerMin());
        number(o, "maxDwellS", z.maxDwellS());
        number(o, "meanDwellS", z.meanDwellS());
        number(o, "minutesToCapacity", z.minutesToCapacity());
      }
      return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A finite number, else null: JSON has no NaN or infinity. */
    private static void number(ObjectNode o, String field, double v) {
      if (Double.isFinite(v)) {
        o.put(field, v);
      } else {
        o.putNull(field);
      }
    }

    private static double round(double v) {
      return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : v;
    }
  }
}
