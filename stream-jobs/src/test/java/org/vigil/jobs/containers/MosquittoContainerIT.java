package org.vigil.jobs.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.connectors.mqtt.source.MqttSource;
import org.vigil.jobs.checkpoint.LocalFlink;

/**
 * The MQTT source against Mosquitto 2 in a container (the compose stack's image, with its no-auth config), as the
 * real-service tests do against the Debian package: two readers of one shared subscription at parallelism 2 read
 * every one of 500 readings published at QoS 1.
 */
@RequiresDocker
@Testcontainers
class MosquittoContainerIT {

  @Container
  private static final GenericContainer<?> MOSQUITTO = new GenericContainer<>(
      DockerImageName.parse("eclipse-mosquitto:2.0"))
      .withExposedPorts(1883)
      .withCommand("mosquitto", "-c", "/mosquitto-no-auth.conf")
      .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(60)));

  @Test
  void sharedSubscriptionReadersReadEveryReading() throws Exception {
    String url = "tcp://" + MOSQUITTO.getHost() + ":" + MOSQUITTO.getMappedPort(1883);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, LocalFlink.loopback());
    MqttSource source = MqttSource.builder().serverUri(url).topicFilters("vigil/+/+/+/data").sharedGroup("tc")
        .clientIdPrefix("tc-reader").sessionExpirySeconds(60).build();
    var stream = env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt")
        .map(MqttRecord::payloadAsString).returns(Types.STRING);
    CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
      try {
        return stream.executeAndCollect(500);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    MqttAsyncClient pub = new MqttAsyncClient(url, "tc-pub", new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    pub.connect(o).waitForCompletion(10_000);
    Thread.sleep(5_000); // the readers subscribe once the job runs; a shared subscription keeps nothing before that
    for (int i = 0; i < 500; i++) {
      MqttMessage m = new MqttMessage(("{\"ts\":" + i + ",\"values\":{\"rain_mm\":0.1}}")
          .getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      pub.publish("vigil/hill/rain/r-" + (i % 5) + "/data", m).waitForCompletion(10_000);
    }
    Set<String> got = new TreeSet<>(read.get(120, java.util.concurrent.TimeUnit.SECONDS));
    pub.disconnect().waitForCompletion(5_000);
    pub.close();
    assertThat(got).hasSize(500);
  }
}
