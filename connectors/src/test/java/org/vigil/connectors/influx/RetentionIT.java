package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.HistoryRows;
import org.vigil.connectors.testing.TestInflux;

/**
 * Retention on the real InfluxDB: {@link Retention#apply} creates {@code raw} (30d, default) and {@code rollup_1m}
 * (104w) and the three continuous queries, and running it again changes nothing, or alters what differs. A CQ's
 * output is shown by running its own query over a closed time range ({@link Retention#backfill}), because InfluxDB runs
 * CQs only once a minute for the interval just ended; the values are checked against hand-computed means, sums and
 * maxima, and the backtest's rollup reader turns them back into readings.
 */
class RetentionIT {

  private final String db = "it_retention_" + Long.toString(System.currentTimeMillis(), 36);
  private final InfluxClient influx = TestInflux.client();

  @AfterEach
  void drop() throws Exception {
    influx.dropDatabase(db);
  }

  @Test
  void aDatabaseWithoutVigilsPoliciesKeepsRawForeverAsFarAsTheBacktestIsConcerned() throws Exception {
    assertThat(Retention.rawRetentionOf(influx, db)).as("no database").isEmpty();
    influx.createDatabase(db);
    assertThat(Retention.rawRetentionOf(influx, db)).as("autogen only").isEmpty();
    Retention.apply(influx, db, RetentionOptions.DEFAULTS);
    assertThat(Retention.rawRetentionOf(influx, db)).contains(java.time.Duration.ofDays(30));
  }

  @Test
  void policiesAndContinuousQueriesAreCreatedIdempotentlyAndRollUpAsComputedByHand() throws Exception {
    Retention.apply(influx, db, RetentionOptions.DEFAULTS);
    Retention.apply(influx, db, RetentionOptions.DEFAULTS); // again: no error, nothing changes

    assertThat(policies()).containsExactlyInAnyOrder("autogen 0s false", "raw 720h0m0s true",
        "rollup_1m 17472h0m0s false");
    List<String> cqs = continuousQueries();
    assertThat(cqs).hasSize(3).allMatch(q -> q.contains("RESAMPLE EVERY 1m FOR 10m"));

    // Writes without a policy land in raw, the default. One minute [t, t+60 s) of two GNSS sensors and a gauge.
    long t = (System.currentTimeMillis() - 3_600_000L) / 60_000L * 60_000L;
    influx.write(db, String.join("\n",
        "gnss,site=hill,sensor=g-1 disp_mm=10.0,battery_v=3.5,seq=1i " + t,
        "gnss,site=hill,sensor=g-1 disp_mm=11.0,battery_v=3.7,seq=2i " + (t + 20_000),
        "gnss,site=hill,sensor=g-1 disp_mm=15.0,battery_v=3.6,seq=3i " + (t + 40_000),
        "gnss,site=hill,sensor=g-2 disp_mm=2.0 " + (t + 30_000),
        "rain,site=hill,sensor=r-1 rain_mm=0.5 " + (t + 10_000),
        "rain,site=hill,sensor=r-1 rain_mm=1.5 " + (t + 50_000),
        "site_risk,site=hill level=\"yellow\",level_rank=2i,open_alerts=1i " + (t + 5_000),
        "site_risk,site=hill level=\"orange\",level_rank=3i,open_alerts=2i " + (t + 45_000),
        "derived,site=hill,sensor=g-1,metric=velocity_mm_d value=4.0 " + (t + 40_000)) + "\n");
    assertThat(influx.count(db, "SELECT count(disp_mm) FROM \"raw\".\"gnss\"")).isEqualTo(4);

    long written = Retention.backfill(influx, db, t, t + 60_000);
    assertThat(written).as("rollup points: g-1, g-2, derived g-1, r-1, site hill").isEqualTo(5);

    JsonNode g1 = row("SELECT * FROM \"rollup_1m\".\"gnss\" WHERE sensor = 'g-1'");
    assertThat(g1.get("time").asLong()).isEqualTo(t);
    assertThat(g1.get("mean_disp_mm").asDouble()).isEqualTo(12.0); // (10 + 11 + 15) / 3
    assertThat(g1.get("min_disp_mm").asDouble()).isEqualTo(10.0);
    assertThat(g1.get("max_disp_mm").asDouble()).isEqualTo(15.0);
    assertThat(g1.get("mean_battery_v").asDouble()).isCloseTo(3.6, org.assertj.core.data.Offset.offset(1e-9));
    JsonNode rain = row("SELECT * FROM \"rollup_1m\".\"rain\"");
    assertThat(rain.get("sum_rain_mm").asDouble()).isEqualTo(2.0);
    assertThat(rain.get("max_rain_mm").asDouble()).isEqualTo(1.5);
    assertThat(rain.get("count_rain_mm").asLong()).isEqualTo(2);
    JsonNode risk = row("SELECT * FROM \"rollup_1m\".\"site_risk\"");
    assertThat(risk.get("max_level_rank").asLong()).isEqualTo(3);
    assertThat(risk.get("min_level_rank").asLong()).isEqualTo(2);
    assertThat(risk.get("max_open_alerts").asLong()).isEqualTo(2);
    JsonNode velocity = row("SELECT * FROM \"rollup_1m\".\"derived\"");
    assertThat(velocity.get("metric").asText()).isEqualTo("velocity_mm_d");
    assertThat(velocity.get("mean_value").asDouble()).isEqualTo(4.0);

    // What a backtest over a range older than the raw retention reads.
    List<Reading> readings = HistoryRows.rollupReadings(SensorKind.GNSS, influx.query(db,
        HistoryRows.query(SensorKind.GNSS, t, t + 60_000, HistoryRows.Source.ROLLUP_1M))).readings();
    assertThat(readings).extracting(Reading::sensorId, Reading::values)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("g-1", Map.of("disp_mm", 12.0)),
            org.assertj.core.groups.Tuple.tuple("g-2", Map.of("disp_mm", 2.0)));

    // A changed setting alters the policy; the continuous queries stay.
    Retention.apply(influx, db, new RetentionOptions(true, "90d", "104w"));
    assertThat(policies()).contains("raw 2160h0m0s true");
    assertThat(continuousQueries()).isEqualTo(cqs);
  }

  private List<String> policies() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode v : influx.query(null, "SHOW RETENTION POLICIES ON \"" + db + "\"").path("results").path(0)
        .path("series").path(0).path("values")) {
      out.add(v.get(0).asText() + " " + v.get(1).asText() + " " + v.get(4).asBoolean());
    }
    return out;
  }

  private List<String> continuousQueries() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode s : influx.query(null, "SHOW CONTINUOUS QUERIES").path("results").path(0).path("series")) {
      if (s.path("name").asText().equals(db)) {
        s.path("values").forEach(v -> out.add(v.get(1).asText()));
      }
    }
    return out;
  }

  /** The single row of a query as column -> value. */
  private JsonNode row(String q) throws Exception {
    JsonNode series = influx.query(db, q).path("results").path(0).path("series");
    assertThat(series.size()).as(q).isEqualTo(1);
    JsonNode s = series.get(0);
    assertThat(s.path("values").size()).as(q).isEqualTo(1);
    var out = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    for (int i = 0; i < s.path("columns").size(); i++) {
      out.set(s.path("columns").get(i).asText(), s.path("values").get(0).get(i));
    }
    return out;
  }
}
