package org.vigil.jobs.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry semantics against a real local HTTP server; backoff waits are recorded, not slept. */
class RetryingWriterTest {

  private static final String BODY = "m v=1 1\nm v=2 2\nm v=3 3\n";

  private final ScriptedHttpServer server = newServer();
  private final InfluxClient client = new InfluxClient(server.url(), null, null, Duration.ofSeconds(5));
  private final List<Duration> sleeps = new ArrayList<>();
  private final RecordingListener listener = new RecordingListener();
  private final RetryingWriter writer =
      new RetryingWriter(
          client,
          "db",
          new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(10)),
          sleeps::add,
          () -> 0.0,
          listener);

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void twoServiceUnavailableThenSuccessWritesOnceAndCountsTwoRetries() throws Exception {
    server.then(2, 503, "{\"error\":\"overloaded\"}");

    writer.write(BODY, 3);

    assertThat(server.requests()).hasSize(3).allSatisfy(r -> assertThat(r.body()).isEqualTo(BODY));
    assertThat(listener.retries).isEqualTo(2);
    assertThat(listener.writes).isEqualTo(1);
    assertThat(listener.points).isEqualTo(3);
    assertThat(listener.failures).isZero();
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastStatusAndBody() {
    server.then(10, 503, "{\"error\":\"still down\"}");

    assertThatThrownBy(() -> writer.write(BODY, 3))
        .isInstanceOfSatisfying(
            InfluxRetriesExhaustedException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(4);
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.body()).contains("still down");
              assertThat(e.getCause()).isInstanceOf(InfluxRetryableException.class);
            });
    assertThat(server.requests()).hasSize(4);
    assertThat(listener.retries).isEqualTo(3);
    assertThat(listener.failures).isEqualTo(1);
    assertThat(listener.writes).isZero();
  }

  @Test
  void missingDatabaseFailsAtOnceWithoutRetrying() {
    server.then(ScriptedHttpServer.Response.of(404, "{\"error\":\"database not found: \\\"db\\\"\"}"));

    assertThatThrownBy(() -> writer.write(BODY, 3))
        .isInstanceOf(InfluxDatabaseNotFoundException.class)
        .hasMessageContaining("create it");
    assertThat(server.requests()).hasSize(1);
    assertThat(listener.retries).isZero();
    assertThat(listener.failures).isEqualTo(1);
  }

  @Test
  void badRequestFailsAtOnceWithTheBody() {
    server.then(ScriptedHttpServer.Response.of(400, "{\"error\":\"unable to parse 'm v=': missing field value\"}"));

    assertThatThrownBy(() -> writer.write(BODY, 3))
        .isInstanceOfSatisfying(
            InfluxBadRequestException.class, e -> assertThat(e.body()).contains("missing field value"));
    assertThat(server.requests()).hasSize(1);
    assertThat(listener.failures).isEqualTo(1);
  }

  @Test
  void retryAfterStretchesTheBackoff() throws Exception {
    server.then(new ScriptedHttpServer.Response(429, "", Map.of("Retry-After", "2"), 0));

    writer.write(BODY, 3);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void retentionDropsAreCountedAndTheRestIsWritten() throws Exception {
    server.then(
        ScriptedHttpServer.Response.of(400, "{\"error\":\"partial write: points beyond retention policy dropped=1\"}"));

    writer.write(BODY, 3);

    assertThat(listener.dropped).isEqualTo(1);
    assertThat(listener.points).isEqualTo(2);
    assertThat(listener.failures).isZero();
  }

  private static final class RecordingListener implements RetryingWriter.Listener {
    int writes;
    int points;
    int retries;
    int failures;
    int dropped;

    @Override
    public void written(int points, int chars, long latencyNanos) {
      writes++;
      this.points += points;
    }

    @Override
    public void retrying(InfluxException failure, int attempt, Duration backoff) {
      retries++;
    }

    @Override
    public void failed(InfluxException failure) {
      failures++;
    }

    @Override
    public void droppedByRetention(int points) {
      dropped += points;
    }
  }

  private static ScriptedHttpServer newServer() {
    try {
      return new ScriptedHttpServer();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
