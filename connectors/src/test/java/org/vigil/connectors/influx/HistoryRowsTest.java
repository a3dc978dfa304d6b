package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

class HistoryRowsTest {

  @Test
  void rowsBecomeReadingsWithMeasuredFieldsOnly() throws Exception {
    // As InfluxDB 1.x answers SELECT * ... GROUP BY site, sensor with epoch=ms: one series per sensor, columns the
    // union of fields (null where a row lacks one).
    String body = """
        {"results":[{"statement_id":0,"series":[
          {"name":"tilt","tags":{"sensor":"t-1","site":"hill"},
           "columns":["time","battery_v","late","rssi","seq","tilt_x_deg","tilt_y_deg","note"],
           "values":[[1700000000000,3.6,null,-71,12,0.5,-0.25,"x"],
                     [1700000060000,null,true,null,null,9.9,9.9,null],
                     [1700000120000,null,null,null,null,0.75,null,null]]}]}]}
        """;
    HistoryRows.Batch b = HistoryRows.readings(SensorKind.TILT, new ObjectMapper().readTree(body));
    assertThat(b.lateSkipped()).isEqualTo(1);
    List<Reading> r = b.readings();
    assertThat(r).hasSize(2);
    Reading first = r.get(0);
    assertThat(first.subject()).isEqualTo("hill/tilt/t-1");
    assertThat(first.timestampMs()).isEqualTo(1_700_000_000_000L);
    assertThat(first.values()).isEqualTo(Map.of("tilt_x_deg", 0.5, "tilt_y_deg", -0.25));
    assertThat(first.batteryV()).isEqualTo(3.6);
    assertThat(first.rssi()).isEqualTo(-71);
    assertThat(first.seq()).isEqualTo(12);
    Reading second = r.get(1);
    assertThat(second.values()).isEqualTo(Map.of("tilt_x_deg", 0.75));
    assertThat(second.seq()).isEqualTo(-1);
    assertThat(second.batteryV()).isNaN();
  }

  @Test
  void noSeriesIsNoReadings() throws Exception {
    assertThat(HistoryRows.readings(SensorKind.RAIN,
        new ObjectMapper().readTree("{\"results\":[{\"statement_id\":0}]}")).readings()).isEmpty();
  }

  @Test
  void chunksCoverThePeriodPerKindAndTheQueryIsBoundedByThem() {
    List<HistoryChunk> c = HistoryChunk.split(0, 36 * 3_600_000L, 24 * 3_600_000L);
    assertThat(c).hasSize(2 * SensorKind.values().length);
    assertThat(c.get(c.size() - 1)).isEqualTo(new HistoryChunk(SensorKind.LEVEL, 86_400_000L, 129_600_000L));
    assertThat(HistoryRows.query(SensorKind.RAIN, 5, 10))
        .isEqualTo("SELECT * FROM \"rain\" WHERE time >= 5ms AND time < 10ms GROUP BY \"site\", \"sensor\"");
  }
}
