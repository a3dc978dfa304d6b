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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.simulator.DeviceSimulator;
import org.vigil.simulator.SimulatorOptions;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.testing.RunningJob;

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

  private RunningJob job;

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close();
    }
  }

  @Test
  void slopeLevelsRiseInOrderWithAFailureForecastBeforeTheFailure() throws Exception {
    job = RunningJob.prepare("slope", run); // the job does not create its database: the fixture sets it up
    job.clearOnClose("vigil/" + site + "/risk"); // the job's retained risk, which the test does not publish
    InfluxClient influx = job.influx();
    String db = job.db();
    Map<String, String> settings = job.settings(site, checkpoints);
    job.start(settings, List.of());

    List<String> alertJson = job.feed().subscribe("vigil/" + site + "/alerts/#");
    List<String> risk = job.feed().subscribe("vigil/" + site + "/risk");
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

    // The red alert carries the inverse-velocity forecast when its fit is good, close to the truth: within 10 % of the
    // time that was left when it was raised. The forecast now fits Voight's alpha (1.7 to 2.2) and gives a time only
    // when that time is known to 5 % of the time left; with this scenario's 1.5 mm GNSS noise (three times the
    // largest noise of the forecast evaluation's grid) the fit may not get there, and then the alert says "poor fit"
    // and carries the fit's r2 instead of a time (it used to give a time from a line through 1/v assuming alpha 2).
    AlertEvent redAlert = slope.stream().filter(e -> e.level() == Level.RED).findFirst().orElseThrow();
    long left = failureAt - redAlert.updatedAtMs();
    assertThat(redAlert.details()).containsKeys("velocity_mm_d", "tangent_angle_deg");
    if (redAlert.forecastFailureAtMs() != null) {
      long error = redAlert.forecastFailureAtMs() - failureAt;
      LOG.info("red alert {} h before the failure; forecast error {} h ({} % of the time left)", left / 3.6e6,
          error / 3.6e6, 100.0 * error / left);
      assertThat(Math.abs(error)).as("forecast error, ms (%d ms left)", left).isLessThanOrEqualTo(left / 10);
      assertThat(redAlert.details().get("forecast_r2")).isGreaterThanOrEqualTo(0.8);
    } else {
      LOG.info("red alert {} h before the failure; {}", left / 3.6e6, redAlert.message());
      assertThat(redAlert.details()).containsKey("forecast_r2");
      assertThat(redAlert.message()).contains("poor fit");
    }

    // Heavy rain and an accelerating slope at the same site: the compound rule, and the site is red.
    await().atMost(Duration.ofSeconds(20)).until(() -> feed.stream()
        .anyMatch(e -> e.rule().equals("rain-and-slope") && e.state() == AlertState.OPENED));
    await().atMost(Duration.ofSeconds(20)).until(() -> !risk.isEmpty() && risk.get(risk.size() - 1)
        .contains("\"level\":\"red\""));

    // The derived series are stored.
    for (String metric : List.of("velocity_mm_d", "tangent_angle_deg", "forecast_r2", "rain_24h")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db,
          "SELECT count(value) FROM derived WHERE metric = '" + metric + "' AND site = '" + site + "'") > 0);
    }
  }

  private static long firstAt(List<AlertEvent> events, Level level) {
    return events.stream().filter(e -> e.level() == level).mapToLong(AlertEvent::updatedAtMs).min()
        .orElseThrow(() -> new AssertionError("no " + level + " alert among " + events));
  }
}
