package org.vigil.jobs.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.vigil.jobs.checkpoint.LocalFlink;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxSink;
import org.vigil.connectors.influx.Retention;
import org.vigil.connectors.influx.RetentionOptions;

/**
 * The InfluxDB sink and the retention setup against InfluxDB 1.8 in a container (the image of the compose stack), as
 * {@code InfluxSinkIT} and {@code RetentionIT} do against the Debian package: 1,000 points written by a Flink job at
 * parallelism 2, all stored, into the {@code raw} policy, rolled up by the continuous query's own query.
 */
@RequiresDocker
@Testcontainers
class InfluxContainerIT {

  @Container
  private static final GenericContainer<?> INFLUX = new GenericContainer<>(DockerImageName.parse("influxdb:1.8"))
      .withExposedPorts(8086)
      .withEnv("INFLUXDB_REPORTING_DISABLED", "true")
      .waitingFor(Wait.forHttp("/ping").forStatusCode(204).withStartupTimeout(Duration.ofSeconds(60)));

  @Test
  void theSinkWritesEveryPointIntoTheRawPolicy() throws Exception {
    String url = "http://" + INFLUX.getHost() + ":" + INFLUX.getMappedPort(8086);
    InfluxClient influx = InfluxClient.create(url);
    Retention.apply(influx, "vigil", RetentionOptions.DEFAULTS);
    long t = (System.currentTimeMillis() - 3_600_000L) / 60_000L * 60_000L;

    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, LocalFlink.loopback());
    env.fromData(IntStream.range(0, 1_000).boxed().toList(), Types.INT)
        .sinkTo(InfluxSink.<Integer>builder().url(url).database("vigil")
            .encoder((i, out) -> out.measurement("gnss").tag("site", "hill").tag("sensor", "g-" + (i % 4))
                .field("disp_mm", (double) i).timestamp(t + (i / 4) * 100L))
            .build());
    env.execute("influx-container-it");

    assertThat(influx.count("vigil", "SELECT count(disp_mm) FROM \"raw\".\"gnss\"")).isEqualTo(1_000);
    // 250 points per sensor over 25 s, all in the minute [t, t + 60 s): one rollup point per sensor.
    assertThat(Retention.backfill(influx, "vigil", t, t + 60_000)).isEqualTo(4);
    assertThat(influx.count("vigil", "SELECT count(mean_disp_mm) FROM \"rollup_1m\".\"gnss\"")).isEqualTo(4);
    assertThat(List.of(INFLUX.getDockerImageName())).containsExactly("influxdb:1.8");
  }
}
