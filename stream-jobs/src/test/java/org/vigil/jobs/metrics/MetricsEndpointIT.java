package org.vigil.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.testing.RunningJob;

/**
 * The Prometheus endpoint of a local run, scraped while the monitoring job (MiniCluster, parallelism 2) takes readings
 * from the real Mosquitto into the real InfluxDB and sends a webhook to a real receiver: the counts and latencies an
 * operator watches are there and agree with what the test did (readings accepted = readings published, dead letters
 * per reason = the bad messages sent, end-to-end latencies positive and under 30 s, a delivered webhook, checkpoints
 * with a duration), and {@code /health} says UP.
 */
class MetricsEndpointIT {

  private static final int SENSORS = 3;
  private static final int PER_SENSOR = 100;

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "mx" + run;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningJob job;
  private WebhookReceiver receiver;
  private MetricsServer server;

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close(); // and, after the job, the metrics server, then the webhook receiver
    }
  }

  @Test
  void theEndpointShowsIngestRejectsLatenciesDeliveriesAndCheckpoints() throws Exception {
    job = RunningJob.prepare("metrics", run);
    InfluxClient influx = job.influx();
    String db = job.db();
    String secret = WebhookSigner.generateSecret();
    receiver = job.closeAfter(WebhookReceiver.start(0, List.of(secret), null));
    Map<String, String> settings = job.settings(site, work.resolve("cp"));
    settings.put("VIGIL_MQTT_TOPICS", "vigil/" + site + "/+/+/data");
    settings.put("VIGIL_MQTT_FRAME_TOPICS", "none");
    settings.put("VIGIL_RULES_TOPIC", "none");
    settings.put("VIGIL_WEBHOOK_URLS", receiver.url().toString());
    settings.put("VIGIL_WEBHOOK_ALLOW_NETWORKS", "loopback"); // the receiver is on this machine
    settings.put("VIGIL_WEBHOOK_SECRET", secret);
    List<WebhookEndpoint> hooks = WebhookEndpoint.fromLookup(settings::get);

    server = job.closeAfter(MetricsServer.start(0, () -> {
      JobClient j = job.client();
      try {
        return j == null ? "STARTING" : j.getJobStatus().get(2, TimeUnit.SECONDS).name();
      } catch (Exception e) {
        return "UNKNOWN";
      }
    }));
    job.start(settings, hooks);

    // Wait until the readers' shared subscription exists: a probe reading (kind rain) is stored. Probes are stamped
    // when sent, like the readings below: stamped a minute back, they made the latency histogram of a sink subtask
    // that got the probes but few of the readings read 60 s (p50 60,673 ms in one CI run).
    int probes = 0;
    while (influx.count(db, "SELECT count(rain_mm) FROM rain") == 0) {
      assertThat(probes++).as("a probe reading stored within 60 s").isLessThan(120);
      job.publish("vigil/" + site + "/rain/probe/data", reading(System.currentTimeMillis(), "rain_mm", 0.0));
      Thread.sleep(500);
    }

    // 300 water-level readings stamped when published (as a device with a good clock does), over about 2 s; the last
    // of lv-0 crosses yellow (2.5 m): an alert and its webhook. Then two malformed payloads and one with a text
    // where a number belongs.
    long start = System.currentTimeMillis();
    long last = 0;
    for (int k = 0; k < PER_SENSOR; k++) {
      for (int s = 0; s < SENSORS; s++) {
        double level = s == 0 && k == PER_SENSOR - 1 ? 2.6 : 1.0;
        last = Math.max(System.currentTimeMillis(), last + 1);
        job.publish("vigil/" + site + "/level/lv-" + s + "/data", reading(last, "level_m", level));
      }
      Thread.sleep(10);
    }
    job.publish("vigil/" + site + "/level/lv-0/data", "{not json".getBytes(StandardCharsets.UTF_8));
    job.publish("vigil/" + site + "/level/lv-1/data", "[1,2".getBytes(StandardCharsets.UTF_8));
    job.publish("vigil/" + site + "/level/lv-2/data", String.format(Locale.ROOT,
        "{\"ts\":%d,\"values\":{\"level_m\":\"high\"}}", start).getBytes(StandardCharsets.UTF_8));
    // Probes published before the subscription existed never reached the job: count those stored.
    long accepted = (long) SENSORS * PER_SENSOR + influx.count(db, "SELECT count(rain_mm) FROM rain");

    waitFor(() -> sum(scrape(), "readingsAccepted_total", "") == accepted
            && sum(scrape(), "deadLetters_total", "reason=\"malformed_json\"") == 2
            && sum(scrape(), "webhooksDelivered_total", "") >= 1
            && sum(scrape(), "influx_pointsWritten_total", "operator_name=\"influx-readings") >= accepted,
        Duration.ofSeconds(60), "readings, dead letters, a delivered webhook and the points in the metrics");
    // (on a timeout, the scrape is in target/failsafe-reports via the message below)
    // Checkpoints complete every 500 ms; the duration gauge is the jobmanager's.
    waitFor(() -> sum(scrape(), "jobmanager_job_numberOfCompletedCheckpoints", "") >= 2, Duration.ofSeconds(30),
        "completed checkpoints in the metrics");
    String text = scrape();
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "metrics-scrape.txt"), text); // for diagnosis

    assertThat(sum(text, "readingsAccepted_total", "")).isEqualTo(accepted);
    assertThat(influx.count(db, "SELECT count(level_m) FROM level")).isEqualTo((long) SENSORS * PER_SENSOR);
    assertThat(sum(text, "deadLetters_total", "reason=\"malformed_json\"")).isEqualTo(2);
    assertThat(sum(text, "deadLetters_total", "reason=\"wrong_type\"")).isEqualTo(1);
    double e2eP50 = max(text, "influx_endToEndLatencyMs_p50", "operator_name=\"influx-readings");
    double e2eP99 = max(text, "influx_endToEndLatencyMs_p99", "operator_name=\"influx-readings");
    // Checkpoints every 500 ms, sink flushes at least every second: a few seconds at most on a busy machine.
    assertThat(e2eP50).as("p50 device time -> InfluxDB, ms").isGreaterThan(0).isLessThan(10_000);
    assertThat(e2eP99).isGreaterThanOrEqualTo(e2eP50);
    double hookP50 = max(text, "webhookEndToEndLatencyMs_p50", "");
    assertThat(hookP50).as("p50 device time -> webhook delivered, ms").isGreaterThan(0).isLessThan(30_000);
    assertThat(sum(text, "webhookEndToEndLatencyMs_count_total", "")).isGreaterThanOrEqualTo(1);
    assertThat(lines(text, "writeRetries_total")).as("sink retries exported").isNotEmpty();
    assertThat(sum(text, "influx_writeRetries_total", "")).isZero();
    assertThat(lines(text, "webhooksDeadLettered_total")).isNotEmpty();
    assertThat(lines(text, "framesDroppedStale_total")).as("vision drops exported").isNotEmpty();
    assertThat(lines(text, "framesAnalysed_total")).as("vision frames exported").isNotEmpty();
    assertThat(max(text, "jobmanager_job_lastCheckpointDuration", "")).as("checkpoint duration, ms")
        .isGreaterThanOrEqualTo(0).isLessThan(10_000);
    assertThat(lines(text, "operator_numRecordsInPerSecond_rate")).as("Flink's own per-operator rates")
        .anyMatch(l -> l.contains("operator_name=\"decode\""));

    HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.url().resolve("/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("RUNNING");

    System.out.printf(Locale.ROOT, "MetricsEndpointIT: readingsAccepted %d (published %d), deadLetters malformed_json"
            + " %d, wrong_type %d; device->InfluxDB p50 %.0f ms p99 %.0f ms ;"
            + " device->webhook p50 %.0f ms; lastCheckpointDuration %.0f ms; %d lines of metrics%n",
        (long) sum(text, "readingsAccepted_total", ""), accepted,
        (long) sum(text, "deadLetters_total", "reason=\"malformed_json\""),
        (long) sum(text, "deadLetters_total", "reason=\"wrong_type\""), e2eP50, e2eP99, hookP50,
        max(text, "jobmanager_job_lastCheckpointDuration", ""), text.lines().count());
  }

  private String scrape() {
    try {
      return http.send(HttpRequest.newBuilder(server.url()).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "";
    }
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*\\})?\\s+(\\S+)$");

  /** Sample lines whose metric name ends with {@code suffix}. */
  private static List<String> lines(String text, String suffix) {
    List<String> out = new ArrayList<>();
    for (String l : text.lines().toList()) {
      Matcher m = SAMPLE.matcher(l);
      if (!l.startsWith("#") && m.matches() && m.group(1).endsWith(suffix)) {
        out.add(l);
      }
    }
    return out;
  }

  private static List<Double> values(String text, String suffix, String labelPart) {
    List<Double> out = new ArrayList<>();
    for (String l : lines(text, suffix)) {
      Matcher m = SAMPLE.matcher(l);
      if (m.matches() && (labelPart.isEmpty() || (m.group(2) != null && m.group(2).contains(labelPart)))) {
        double v = Double.parseDouble(m.group(3));
        if (!Double.isNaN(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** Sum over subtasks of the samples named {@code ..suffix} whose labels contain {@code labelPart}. */
  private static double sum(String text, String suffix, String labelPart) {
    return values(text, suffix, labelPart).stream().mapToDouble(Double::doubleValue).sum();
  }

  private static double max(String text, String suffix, String labelPart) {
    return values(text, suffix, labelPart).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private static byte[] reading(long ts, String field, double value) {
    return String.format(Locale.ROOT, "{\"ts\":%d,\"values\":{\"%s\":%s}}", ts, field, value)
        .getBytes(StandardCharsets.UTF_8);
  }

  private void waitFor(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String text = scrape();
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for: " + what + "; now: accepted "
            + sum(text, "readingsAccepted_total", "") + ", malformed_json " + sum(text, "deadLetters_total",
            "reason=\"malformed_json\"") + ", webhooks delivered " + sum(text, "webhooksDelivered_total", "")
            + ", points " + sum(text, "influx_pointsWritten_total", "operator_name=\"influx-readings")
            + ", webhooks received " + receiver.received().size() + "\n" + String.join("\n", lines(text, "_total")));
      }
      Thread.sleep(500);
    }
  }
}
