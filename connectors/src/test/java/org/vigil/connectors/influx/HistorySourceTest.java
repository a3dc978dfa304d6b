package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;
import org.vigil.connectors.influx.HistoryRows.Source;

/** Which retention policy the backtest reads a chunk from, and how rollup rows become readings. */
class HistorySourceTest {

  private static final long DAY = 86_400_000L;
  private static final long NOW = 1_800_000_000_000L;
  private static final Duration RAW = Duration.ofDays(30);

  @Test
  void chunksWhoseRawPointsAreGoneComeFromTheRollups() {
    assertThat(Source.forChunk(NOW - 29 * DAY, NOW, RAW)).isEqualTo(Source.RAW);
    assertThat(Source.forChunk(NOW - 30 * DAY, NOW, RAW)).as("exactly at the edge: raw still has it")
        .isEqualTo(Source.RAW);
    assertThat(Source.forChunk(NOW - 30 * DAY - 1, NOW, RAW)).as("one ms older").isEqualTo(Source.ROLLUP_1M);
    assertThat(Source.forChunk(NOW - 400 * DAY, NOW, RAW)).isEqualTo(Source.ROLLUP_1M);
    assertThat(Source.forChunk(NOW - 40 * DAY, NOW, Duration.ofDays(90))).as("a longer raw retention")
        .isEqualTo(Source.RAW);
  }

  @Test
  void aBacktestOverFortyDaysReadsItsOldChunksFromTheRollupsAndItsRecentOnesRaw() {
    // 40 days in 1-day chunks ending now: days 0..9 (older than 30 days) from rollup_1m, days 10..39 raw.
    List<HistoryChunk> chunks = HistoryChunk.split(NOW - 40 * DAY, NOW, DAY);
    long rollup = chunks.stream().filter(c -> Source.forChunk(c.fromMs(), NOW, RAW) == Source.ROLLUP_1M).count();
    assertThat(rollup).isEqualTo(10L * SensorKind.values().length);
    assertThat(chunks.size() - rollup).isEqualTo(30L * SensorKind.values().length);
  }

  @Test
  void theRollupQueryNamesTheRetentionPolicy() {
    assertThat(HistoryRows.query(SensorKind.GNSS, 0, 60_000, Source.ROLLUP_1M))
        .isEqualTo("SELECT * FROM \"rollup_1m\".\"gnss\" WHERE time >= 0ms AND time < 60000ms GROUP BY \"site\","
            + " \"sensor\"");
    assertThat(HistoryRows.query(SensorKind.GNSS, 0, 60_000, Source.RAW))
        .isEqualTo(HistoryRows.query(SensorKind.GNSS, 0, 60_000))
        .startsWith("SELECT * FROM \"gnss\" WHERE");
  }

  @Test
  void rollupRowsBecomeReadingsOfTheMeansAndForRainTheSum() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String gnss = """
        {"results":[{"statement_id":0,"series":[
          {"name":"gnss","tags":{"sensor":"g-1","site":"hill"},
           "columns":["time","max_disp_mm","mean_battery_v","mean_disp_mm","mean_seq","min_disp_mm","max_late"],
           "values":[[1700000040000,12.5,3.6,12.25,7.5,12.0,null],[1700000100000,null,null,null,null,null,true]]}]}]}
        """;
    List<Reading> g = HistoryRows.rollupReadings(SensorKind.GNSS, json.readTree(gnss)).readings();
    assertThat(g).hasSize(1); // the second row has no mean of a measured field
    assertThat(g.get(0).values()).isEqualTo(Map.of("disp_mm", 12.25));
    assertThat(g.get(0).batteryV()).isEqualTo(3.6);
    assertThat(g.get(0).timestampMs()).isEqualTo(1_700_000_040_000L);
    assertThat(g.get(0).subject()).isEqualTo("hill/gnss/g-1");

    String rain = """
        {"results":[{"statement_id":0,"series":[
          {"name":"rain","tags":{"sensor":"r-1","site":"hill"},
           "columns":["time","count_rain_mm","max_rain_mm","sum_rain_mm"],
           "values":[[1700000040000,3,0.5,1.25]]}]}]}
        """;
    List<Reading> r = HistoryRows.rollupReadings(SensorKind.RAIN, json.readTree(rain)).readings();
    assertThat(r).singleElement().satisfies(x -> assertThat(x.values()).isEqualTo(Map.of("rain_mm", 1.25)));
  }
}
