package org.vigil.jobs.crowd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.vigil.jobs.influx.LineProtocol;
import org.vigil.jobs.mqtt.MqttMessageEncoder;

/** How analysed frames leave the job: InfluxDB {@code crowd} points and the MQTT detections feed. */
public final class CrowdEncoders {

  private CrowdEncoders() {}

  /**
   * One point per zone: measurement {@code crowd}, tags site, camera, zone; fields {@code people} (integer),
   * {@code density_per_m2}, {@code level_of_service} (A..F), {@code capacity} (integer, when configured),
   * {@code motion_energy} (camera-wide, px/frame), {@code moving_fraction}, {@code frame_people} (whole frame),
   * {@code detector_ran}, {@code analysis_ms}; time = capture time, so a replayed frame overwrites itself.
   */
  public static void crowd(AnalysedFrame f, LineProtocol.Builder out) {
    for (AnalysedFrame.ZoneStat z : f.zones()) {
      out.measurement("crowd").tag("site", f.site()).tag("camera", f.cameraId()).tag("zone", z.zoneId())
          .field("people", (long) z.people())
          .field("density_per_m2", z.densityPerM2())
          .field("level_of_service", z.levelOfService());
      if (z.capacity() > 0) {
        out.field("capacity", (long) z.capacity());
      }
      out.field("motion_energy", f.motionEnergy())
          .field("moving_fraction", f.movingFraction())
          .field("frame_people", (long) f.people())
          .field("detector_ran", f.detectorRan())
          .field("analysis_ms", f.analysisMicros() / 1000.0)
          .timestamp(f.captureTsMs());
    }
  }

  /**
   * Detections on {@code vigil/{site}/camera/{cameraId}/detections}:
   * <pre>{@code
   * {"site": "plaza", "camera": "cam1", "ts": "2026-...Z", "tsMs": 1800000000000, "seq": 7, "width": 768,
   *  "height": 576, "people": 12, "motionEnergy": 1.9, "movingFraction": 0.04, "detectorRan": true,
   *  "boxes": [{"x": 10, "y": 20, "w": 40, "h": 100, "score": 1.2, "source": "hog"}],
   *  "zones": [{"id": "gate", "people": 9, "areaM2": 40, "densityPerM2": 0.225, "levelOfService": "A",
   *             "capacity": 50}]}
   * }</pre>
   */
  public static final class Detections implements MqttMessageEncoder<AnalysedFrame> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String topic(AnalysedFrame f) {
      return "vigil/" + f.site() + "/camera/" + f.cameraId() + "/detections";
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
      ArrayNode zones = n.putArray("zones");
      for (AnalysedFrame.ZoneStat z : f.zones()) {
        zones.addObject().put("id", z.zoneId()).put("people", z.people()).put("areaM2", z.areaM2())
            .put("densityPerM2", z.densityPerM2()).put("levelOfService", z.levelOfService())
            .put("capacity", z.capacity());
      }
      return n.toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
