package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.influx.LineProtocol;

class CrowdEncodersTest {

  /**
   * Zone gate: 9 of capacity 50, 40 entries and 31 exits, net inflow 2/min: (50 - 9) / 2 = 20.5 minutes to capacity.
   * Zone frame: no tracker figures (inflow unknown, never full). Line door from (430, 140) to (430, 440).
   */
  private static final AnalysedFrame FRAME = new AnalysedFrame("plaza", "cam1", 1_800_000_000_123L, 7, 768, 576, 12,
      1.5, 0.25, true, 42_000,
      new AnalysedFrame.ZoneStat[] {new AnalysedFrame.ZoneStat("gate", 9, 40, 0.225, "A", 50, 40, 31, 2.0, 95.0, 30.5,
          20.5), new AnalysedFrame.ZoneStat("frame", 12, 100, 0.12, "A", 0)},
      new AnalysedFrame.Box[] {new AnalysedFrame.Box(10, 20, 40, 100, 1.25, "hog")},
      new AnalysedFrame.TrackStat[] {new AnalysedFrame.TrackStat(41, 10, 20, 40, 100, 30.04, 119.96, "moving", "gate",
          12.44), new AnalysedFrame.TrackStat(42, 600, 20, 40, 100, 620, 120, "lost", null, 0)},
      new AnalysedFrame.LineStat[] {new AnalysedFrame.LineStat("door", 31, 12, 430, 140, 430, 440)});

  @Test
  void onePointPerZoneAndPerLine() {
    LineProtocol.Builder out = new LineProtocol.Builder();
    CrowdEncoders.crowd(FRAME, out);
    assertThat(out.toString().split("\n")).containsExactly(
        "crowd,site=plaza,camera=cam1,zone=gate people=9i,area_m2=40.0,density_per_m2=0.225,level_of_service=\"A\","
            + "capacity=50i,entries=40i,exits=31i,net_inflow_per_min=2.0,max_dwell_s=95.0,mean_dwell_s=30.5,"
            + "minutes_to_capacity=20.5,motion_energy=1.5,moving_fraction=0.25,frame_people=12i,tracks=2i,"
            + "detector_ran=true,analysis_ms=42.0 1800000000123",
        // inflow unknown (NaN) and never full (infinite): not written
        "crowd,site=plaza,camera=cam1,zone=frame people=12i,area_m2=100.0,density_per_m2=0.12,"
            + "level_of_service=\"A\",entries=0i,exits=0i,max_dwell_s=0.0,mean_dwell_s=0.0,motion_energy=1.5,"
            + "moving_fraction=0.25,frame_people=12i,tracks=2i,detector_ran=true,analysis_ms=42.0 1800000000123",
        "crowd_lines,site=plaza,camera=cam1,line=door crossings_in=31i,crossings_out=12i 1800000000123");
  }

  @Test
  void detectionsJsonOnTheCameraTopic() throws Exception {
    CrowdEncoders.Detections enc = new CrowdEncoders.Detections();
    assertThat(enc.topic(FRAME)).isEqualTo("vigil/plaza/camera/cam1/detections");
    String json = new String(enc.payload(FRAME), StandardCharsets.UTF_8);
    assertThat(json).contains("\"ts\":\"2027-01-15T08:00:00.123Z\"", "\"people\":12", "\"seq\":7",
        "\"boxes\":[{\"x\":10,\"y\":20,\"w\":40,\"h\":100,\"score\":1.25,\"source\":\"hog\"}]",
        "{\"id\":41,\"x\":10,\"y\":20,\"w\":40,\"h\":100,\"footX\":30.0,\"footY\":120.0,\"state\":\"moving\","
            + "\"zone\":\"gate\",\"dwellS\":12.4}",
        "\"zone\":null", "\"tracksTotal\":2",
        "\"lines\":[{\"id\":\"door\",\"in\":31,\"out\":12,\"from\":[430.0,140.0],\"to\":[430.0,440.0]}]",
        "{\"id\":\"gate\",\"people\":9,\"areaM2\":40.0,\"densityPerM2\":0.225,\"levelOfService\":\"A\",\"capacity\":50,"
            + "\"entries\":40,\"exits\":31,\"netInflowPerMin\":2.0,\"maxDwellS\":95.0,\"meanDwellS\":30.5,"
            + "\"minutesToCapacity\":20.5}",
        "\"netInflowPerMin\":null", "\"minutesToCapacity\":null");
    new ObjectMapper().readTree(json); // strict JSON: no NaN or Infinity tokens
  }

  @Test
  void tracksAreBoundedInTheMessage() throws Exception {
    AnalysedFrame.TrackStat[] many = new AnalysedFrame.TrackStat[400];
    for (int i = 0; i < many.length; i++) {
      many[i] = new AnalysedFrame.TrackStat(i, 1, 2, 3, 4, 5, 6, "still", "gate-with-a-long-name", 1234.5);
    }
    AnalysedFrame f = new AnalysedFrame("plaza", "cam1", 1L, 1, 768, 576, 400, 0, 0, true, 0, FRAME.zones(),
        new AnalysedFrame.Box[0], many, FRAME.lines());
    byte[] payload = new CrowdEncoders.Detections().payload(f);
    JsonNode n = new ObjectMapper().readTree(payload);
    assertThat(n.get("tracks")).hasSize(CrowdEncoders.MAX_TRACKS);
    assertThat(n.get("tracksTotal").asInt()).isEqualTo(400);
    assertThat(payload.length).isLessThan(64 * 1024);
  }
}
