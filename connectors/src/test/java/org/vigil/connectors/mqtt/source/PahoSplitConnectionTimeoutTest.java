package org.vigil.connectors.mqtt.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

/**
 * A connection that never reaches its broker (a loopback port nobody listens on: refused at once, no broker
 * needed) gives up after the reconnect timeout with a message that says what to check, and stops retrying.
 */
@Timeout(30)
class PahoSplitConnectionTimeoutTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private PahoSplitConnection connection;

  @AfterEach
  void tearDown() {
    if (connection != null) {
      connection.close();
    }
    scheduler.shutdownNow();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private PahoSplitConnection connection(String uri, Duration timeout, RecordingListener listener) {
    MqttSourceConfig config =
        MqttSource.builder()
            .serverUri(uri)
            .topicFilters("t/#")
            .clientIdPrefix("timeout-test")
            .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .reconnectTimeout(timeout)
            .build()
            .config();
    connection =
        new PahoSplitConnection(
            config, new MqttSplit(3), new ReceiveQueue(10), scheduler, listener, System::currentTimeMillis);
    return connection;
  }

  @Test
  void failsAfterTheReconnectTimeoutWithWhatToCheck() throws Exception {
    String uri = "tcp://127.0.0.1:" + closedPort();
    RecordingListener listener = new RecordingListener();
    long start = System.nanoTime();
    connection(uri, Duration.ofMillis(1_500), listener).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> !listener.fatal.isEmpty());
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(tookMs).as("gave up after the timeout, not before, and promptly").isBetween(1_500L, 4_000L);
    assertThat(listener.fatal).hasSize(1);
    assertThat(listener.fatal.get(0))
        .isInstanceOf(MqttSourceException.class)
        .hasMessageStartingWith("MQTT client timeout-test-3: no connection to the MQTT broker " + uri + " for 1.")
        .hasMessageContaining("since the reader started at")
        .hasMessageContaining("reconnect timeout PT1.5S (mqtt.source.reconnect-timeout)")
        .hasMessageContaining("last cause: ")
        .hasMessageContaining("Check that the broker is running and reachable");
    assertThat(((MqttSourceException) listener.fatal.get(0)).clientId()).isEqualTo("timeout-test-3");
    assertThat(listener.fatal.get(0).getCause()).isNotNull();
    assertThat(listener.connections).isEmpty();

    // It stopped retrying: the message counts its attempts, and no new failure is reported afterwards.
    Thread.sleep(500);
    assertThat(listener.fatal).hasSize(1);
  }

  @Test
  void aZeroTimeoutRetriesForever() throws Exception {
    RecordingListener listener = new RecordingListener();
    connection("tcp://127.0.0.1:" + closedPort(), Duration.ZERO, listener).start();
    Thread.sleep(1_500);
    assertThat(listener.fatal).isEmpty();
  }
}
