package org.vigil.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.junit.jupiter.api.Test;

class MicrometerReporterTest {

  /** An operator's group as Flink gives it to reporters: a logical scope and scope variables. */
  static final class OperatorGroup extends UnregisteredMetricsGroup implements LogicalScopeProvider {
    private final String scope;
    private final Map<String, String> variables;

    OperatorGroup(String scope, Map<String, String> variables) {
      this.scope = scope;
      this.variables = variables;
    }

    @Override
    public Map<String, String> getAllVariables() {
      return variables;
    }

    @Override
    public String getLogicalScope(CharacterFilter filter) {
      return getLogicalScope(filter, '.');
    }

    @Override
    public String getLogicalScope(CharacterFilter filter, char delimiter) {
      return scope.replace('.', delimiter);
    }

    @Override
    public MetricGroup getWrappedMetricGroup() {
      return this;
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerReporter reporter = new MicrometerReporter(registry);
  private final OperatorGroup decode = new OperatorGroup("taskmanager.job.task.operator.reason",
      Map.of("<job_name>", "vigil-monitoring", "<operator_name>", "decode", "<subtask_index>", "1",
          "<reason>", "wrong_type", "<job_id>", "8f3a", "<tm_id>", "tm-1", "<host>", "localhost"));

  @Test
  void countersFollowTheFlinkCounterWithScopeNameAndTags() {
    SimpleCounter dead = new SimpleCounter();
    reporter.notifyOfAddedMetric(dead, "deadLetters", decode);
    dead.inc(3);

    var meter = registry.find("taskmanager.job.task.operator.reason.deadLetters").functionCounter();
    assertThat(meter).isNotNull();
    assertThat(meter.count()).isEqualTo(3.0);
    dead.inc();
    assertThat(meter.count()).isEqualTo(4.0);
    assertThat(meter.getId().getTag("reason")).isEqualTo("wrong_type");
    assertThat(meter.getId().getTag("operator_name")).isEqualTo("decode");
    assertThat(meter.getId().getTag("subtask_index")).isEqualTo("1");
    // run-specific ids are left out, so a restored job continues the same series
    assertThat(meter.getId().getTag("job_id")).isNull();
    assertThat(meter.getId().getTag("tm_id")).isNull();
    assertThat(meter.getId().getTag("host")).isNull();
  }

  @Test
  void gaugesHistogramsAndRemoval() {
    Gauge<Long> duration = () -> 42L;
    Gauge<String> text = () -> "not a number";
    OperatorGroup job = new OperatorGroup("jobmanager.job", Map.of("<job_name>", "vigil-monitoring"));
    reporter.notifyOfAddedMetric(duration, "lastCheckpointDuration", job);
    reporter.notifyOfAddedMetric(text, "label", job);
    DescriptiveStatisticsHistogram latency = new DescriptiveStatisticsHistogram(10);
    for (int v : new int[] {10, 20, 30, 40}) {
      latency.update(v);
    }
    reporter.notifyOfAddedMetric(latency, "writeLatencyMs", decode);

    assertThat(registry.get("jobmanager.job.lastCheckpointDuration").gauge().value()).isEqualTo(42.0);
    assertThat(registry.get("jobmanager.job.label").gauge().value()).isNaN();
    String h = "taskmanager.job.task.operator.reason.writeLatencyMs";
    assertThat(registry.get(h + ".count").functionCounter().count()).isEqualTo(4.0);
    assertThat(registry.get(h + ".mean").gauge().value()).isEqualTo(25.0); // (10+20+30+40)/4
    assertThat(registry.get(h + ".max").gauge().value()).isEqualTo(40.0);

    reporter.notifyOfRemovedMetric(latency, "writeLatencyMs", decode);
    assertThat(registry.find(h + ".count").functionCounter()).isNull();
    reporter.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void prometheusEndpointServesBridgedMetricsAndHealth() throws Exception {
    try (MetricsServer server = MetricsServer.start(0, () -> "RUNNING")) {
      MicrometerReporter global = new MicrometerReporter();
      SimpleCounter dead = new SimpleCounter();
      dead.inc(7);
      global.notifyOfAddedMetric(dead, "deadLetters", decode);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(server.url()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).containsPattern(
          "taskmanager_job_task_operator_reason_deadLetters_total\\{[^}]*reason=\"wrong_type\"[^}]*} 7\\.0");
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.url().resolve(URI.create("/health")))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
      global.close();
    }
    try (MetricsServer down = MetricsServer.start(0, () -> "RESTARTING")) {
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(down.url().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("RESTARTING");
    }
  }
}
