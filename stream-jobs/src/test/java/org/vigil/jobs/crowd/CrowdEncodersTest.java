package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigil.jobs.influx.LineProtocol;

class CrowdEncodersTest {

  private static final AnalysedFrame FRAME = new AnalysedFrame("plaza", "cam1", 1_800_000_000_123L, 7, 768, 576, 12,
      1.5, 0.25, true, 42_000,
      new AnalysedFrame.ZoneStat[] {new AnalysedFrame.ZoneStat("gate", 9, 40, 0.225, "A", 50),
          new AnalysedFrame.ZoneStat("frame", 12, 100, 0.12, "A", 0)},
      new AnalysedFrame.Box[] {new AnalysedFrame.Box(10, 20, 40, 100, 1.25, "hog")});

  @Test
  void onePointPerZoneTaggedBySiteCameraAndZone() {
    LineProtocol.Builder out = new LineProtocol.Builder();
    CrowdEncoders.crowd(FRAME, out);
    assertThat(out.toString().split("\n")).containsExactly(
        "crowd,site=plaza,camera=cam1,zone=gate people=9i,density_per_m2=0.225,level_of_service=\"A\",capacity=50i,"
            + "motion_energy=1.5,moving_fraction=0.25,frame_people=12i,detector_ran=true,analysis_ms=42.0 "
            + "1800000000123",
        "crowd,site=plaza,camera=cam1,zone=frame people=12i,density_per_m2=0.12,level_of_service=\"A\","
            + "motion_energy=1.5,moving_fraction=0.25,frame_people=12i,detector_ran=true,analysis_ms=42.0 "
            + "1800000000123");
  }

  @Test
  void detectionsJsonOnTheCameraTopic() {
    CrowdEncoders.Detections enc = new CrowdEncoders.Detections();
    assertThat(enc.topic(FRAME)).isEqualTo("vigil/plaza/camera/cam1/detections");
    String json = new String(enc.payload(FRAME), StandardCharsets.UTF_8);
    assertThat(json).contains("\"ts\":\"2027-01-15T08:00:00.123Z\"", "\"people\":12", "\"seq\":7",
        "\"boxes\":[{\"x\":10,\"y\":20,\"w\":40,\"h\":100,\"score\":1.25,\"source\":\"hog\"}]",
        "{\"id\":\"gate\",\"people\":9,\"areaM2\":40.0,\"densityPerM2\":0.225,\"levelOfService\":\"A\",\"capacity\":50}");
  }
}
