package org.vigil.jobs.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.ingest.simulator.DeviceSimulator;
import org.vigil.ingest.simulator.SimulatorOptions;
import org.vigil.ingest.testing.TestServices;
import org.vigil.jobs.influx.InfluxClient;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.jobs.testing.JobSettings;

/**
 * The slope scenario through the real pipeline: the device simulator publishes eight days of a slope that creeps
 * steadily, then, with rain, accelerates along Voight's law (alpha = 2) towards a failure one hour after the start;
 * the job (MiniCluster, real Mosquitto and InfluxDB) must raise the slope's tangent-angle alert through yellow, orange
 * and red in that order, carry an inverse-velocity failure forecast close to the true failure time before the
 * failure, fire the compound rain-and-slope rule and make the site red.
 */
class SlopeScenarioIT {

  private static final Logger LOG = LoggerFactory.getLogger(SlopeScenarioIT.class);

  @TempDir Path checkpoints;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "slope" + run;
  private final String db = "it_slope_" + run;
  private final String clientPrefix = "it-slope-" + run;

  private JobClient job;
  private MqttFeed observer;
  private InfluxClient influx;

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    if (observer != null) {
      observer.close();
    }
    if (influx != null) {
      influx.dropDatabase(db);
    }
    TestServices.removeMqttSessions(List.of(clientPrefix + "-0", clientPrefix + "-1"));
  }

  @Test
  void slopeLevelsRiseInOrderWithAFailureForecastBeforeTheFailure() throws Exception {
    influx = InfluxClient.create(TestServices.influxUrl());
    Map<String, String> settings = JobSettings.forTest(db, "slope" + run, clientPrefix, site, checkpoints);
    job = MonitoringJob.startLocal(MonitoringConfig.from(settings::get), List.of());

    observer = MqttFeed.connect(TestServices.mqttUrl(), "it-slope-observer-" + run);
    List<String> alertJson = observer.subscribe("vigil/" + site + "/alerts/#");
    List<String> risk = observer.subscribe("vigil/" + site + "/risk");
    List<AlertEvent> feed = new AbstractList<>() { // the alert feed, decoded
      @Override
      public AlertEvent get(int i) {
        return AlertJson.fromJson(alertJson.get(i));
      }

      @Override
      public int size() {
        return alertJson.size();
      }
    };

    // One rain gauge and one GNSS station (1.5 mm noise); 28 days of history every 10 minutes (8 days of steady
    // creep at 2 mm/day, then 20 days of acceleration), then 10 s of live reports every 5 s; the slope fails one hour
    // after the start.
    SimulatorOptions options = new SimulatorOptions(TestServices.mqttUrl(), List.of(site), 1, 1, Duration.ofSeconds(5),
        SimulatorOptions.Scenario.SLOPE, null, Duration.ZERO, null, Duration.ofHours(1), Duration.ofDays(28),
        Duration.ofMinutes(10), 0, Duration.ofSeconds(10), 3);
    DeviceSimulator simulator = new DeviceSimulator(options, LOG::info, Clock.systemUTC());
    Thread t = new Thread(simulator, "slope-simulator");
    t.start();
    assertThat(simulator.awaitStopped(120, TimeUnit.SECONDS)).as("simulator finished").isTrue();
    long failureAt = simulator.failureAtMs();

    String gnss = site + "/gnss/gnss-1";
    try {
      await().atMost(Duration.ofSeconds(Long.getLong("slope.wait", 60))).until(() -> feed.stream()
          .anyMatch(e -> e.rule().equals("slope-tangent-angle") && e.level() == Level.RED));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      feed.forEach(a -> LOG.error("alert so far: {} {} {} {} at {}: {}", a.rule(), a.subject(), a.state(), a.level(),
          Instant.ofEpochMilli(a.updatedAtMs()), a.message()));
      for (String q : List.of("SELECT count(disp_mm) FROM gnss", "SELECT count(rain_mm) FROM rain",
          "SELECT count(late) FROM gnss", "SELECT count(payload_bytes) FROM deadletter GROUP BY reason",
          "SELECT last(detail) FROM deadletter GROUP BY reason", "SELECT count(value) FROM derived WHERE metric = 'tangent_angle_low_deg'",
          "SELECT max(value) FROM derived WHERE metric = 'tangent_angle_low_deg'",
          "SELECT last(value) FROM derived WHERE metric = 'tangent_angle_low_deg'",
          "SELECT count(value) FROM derived WHERE metric = 'velocity_mm_d'",
          "SELECT max(value) FROM derived WHERE metric = 'velocity_mm_d'")) {
        LOG.error("{}: {}", q, influx.query(db, q));
      }
      throw e;
    }
    List<AlertEvent> slope = feed.stream().filter(e -> e.rule().equals("slope-tangent-angle"))
        .filter(e -> e.subject().equals(gnss)).sorted((a, b) -> Long.compare(a.updatedAtMs(), b.updatedAtMs()))
        .toList();
    slope.forEach(e -> LOG.info("slope alert: {} {} at {} value {} forecast {}", e.state(), e.level(),
        Instant.ofEpochMilli(e.updatedAtMs()), e.value(),
        e.forecastFailureAtMs() == null ? "-" : Instant.ofEpochMilli(e.forecastFailureAtMs())));

    // Levels first reached in the order yellow, orange, red, all before the failure.
    long yellow = firstAt(slope, Level.YELLOW);
    long orange = firstAt(slope, Level.ORANGE);
    long red = firstAt(slope, Level.RED);
    assertThat(yellow).isLessThan(orange);
    assertThat(orange).isLessThan(red);
    assertThat(red).isLessThan(failureAt);
    assertThat(slope.get(0).state()).isEqualTo(AlertState.OPENED);

    // The red alert forecasts the failure from the inverse velocity, close to the truth: within 10 % of the time
    // that was left when it was raised (the unit tests hold the method to 5 % on series with up to 1 mm of noise;
    // here the GNSS noise is 1.5 mm; this run's seeded series gives about 3 %).
    AlertEvent redAlert = slope.stream().filter(e -> e.level() == Level.RED).findFirst().orElseThrow();
    assertThat(redAlert.forecastFailureAtMs()).as("forecast on the red alert").isNotNull();
    long left = failureAt - redAlert.updatedAtMs();
    long error = redAlert.forecastFailureAtMs() - failureAt;
    LOG.info("red alert {} h before the failure; forecast error {} h ({} % of the time left)", left / 3.6e6,
        error / 3.6e6, 100.0 * error / left);
    assertThat(Math.abs(error)).as("forecast error, ms (%d ms left)", left).isLessThanOrEqualTo(left / 10);
    assertThat(redAlert.details()).containsKeys("velocity_mm_d", "tangent_angle_deg", "forecast_r2");
    assertThat(redAlert.details().get("forecast_r2")).isGreaterThanOrEqualTo(0.8);

    // Heavy rain and an accelerating slope at the same site: the compound rule, and the site is red.
    await().atMost(Duration.ofSeconds(20)).until(() -> feed.stream()
        .anyMatch(e -> e.rule().equals("rain-and-slope") && e.state() == AlertState.OPENED));
    await().atMost(Duration.ofSeconds(20)).until(() -> !risk.isEmpty() && risk.get(risk.size() - 1)
        .contains("\"level\":\"red\""));

    // The derived series are stored.
    for (String metric : List.of("velocity_mm_d", "tangent_angle_deg", "forecast_failure_ts", "rain_24h")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db,
          "SELECT count(value) FROM derived WHERE metric = '" + metric + "' AND site = '" + site + "'") > 0);
    }
  }

  private static long firstAt(List<AlertEvent> events, Level level) {
    return events.stream().filter(e -> e.level() == level).mapToLong(AlertEvent::updatedAtMs).min()
        .orElseThrow(() -> new AssertionError("no " + level + " alert among " + events));
  }
}
