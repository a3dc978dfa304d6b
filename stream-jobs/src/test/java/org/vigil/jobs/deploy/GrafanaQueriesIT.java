package org.vigil.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.Retention;
import org.vigil.connectors.influx.RetentionOptions;
import org.vigil.connectors.testing.TestInflux;

/**
 * Every query of the provisioned dashboards runs on the real InfluxDB (Grafana's {@code $timeFilter},
 * {@code $__interval} and {@code $site} filled in as Grafana does) without an error, against a database set up as the
 * job sets it up, and the panels of readings return the points written for them.
 */
class GrafanaQueriesIT {

  private final String db = "it_grafana_" + Long.toString(System.currentTimeMillis(), 36);
  private final InfluxClient influx = TestInflux.client();

  @AfterEach
  void drop() throws Exception {
    influx.dropDatabase(db);
  }

  @Test
  void everyDashboardQueryRunsAndTheReadingPanelsFindTheirPoints() throws Exception {
    Retention.apply(influx, db, RetentionOptions.DEFAULTS);
    long t = System.currentTimeMillis() - 600_000;
    influx.write(db, String.join("\n",
        "gnss,site=hill,sensor=g-1 disp_mm=12.5 " + t,
        "rain,site=hill,sensor=r-1 rain_mm=0.5 " + t,
        "derived,site=hill,sensor=r-1,metric=rain_1h value=7.5 " + t,
        "site_risk,site=hill level=\"yellow\",level_rank=2i,open_alerts=1i " + t,
        "deadletter,reason=malformed_json,slot=0 payload_bytes=9i,detail=\"x\",topic=\"t\" " + t) + "\n");
    int run = 0;
    int withData = 0;
    for (Path f : DeployFiles.dashboards()) {
      for (Map.Entry<String, String> q : DeployFiles.queries(DeployFiles.JSON.readTree(f.toFile()))) {
        String influxQl = q.getValue().replace("$timeFilter", "time > now() - 1h").replace("$__interval", "1m")
            .replace("$site", "(hill)");
        JsonNode result = influx.query(db, influxQl); // throws on an error in any statement
        run++;
        if (result.path("results").path(0).path("series").size() > 0) {
          withData++;
        }
        if (influxQl.contains("FROM \"gnss\"") || influxQl.contains("FROM \"site_risk\"")) {
          assertThat(result.path("results").path(0).path("series").size()).as("%s / %s", f.getFileName(), q.getKey())
              .isPositive();
        }
      }
    }
    System.out.printf("GrafanaQueriesIT: %d dashboard queries ran on InfluxDB, %d returned series%n", run, withData);
    assertThat(run).isGreaterThanOrEqualTo(20);
  }
}
