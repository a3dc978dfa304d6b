package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry semantics against a real local HTTP server; backoff waits are recorded, not slept. */
class RetryingWriterTest {

  private static final String BODY = "m v=1 1\nm v=2 2\nm v=3 3\n";

  private final ScriptedHttpServer server = newServer();
  private final InfluxClient client = new InfluxClient(server.url(), null, null, Duration.ofSeconds(5));
  private final List<Duration> sleeps = new ArrayList<>();
  /** A fake clock that only the sleeper advances: requests take no time. */
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final RecordingListener listener = new RecordingListener();
  private final RetryingWriter writer =
      new RetryingWriter(
          client,
          "db",
          new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(1)),
          d -> {
            sleeps.add(d);
            nanos.addAndGet(d.toNanos());
          },
          () -> 0.0,
          nanos::get,
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
  void keepsRetryingForTheWholeOutageBudgetThenFailsNamingUrlDurationAndLastError() {
    server.then(100, 503, "{\"error\":\"still down\"}");

    // Jitter at 0 halves each wait: 100, 200, 400, 800, 1600, 3200 ms (sum 6300), then 5000 ms (half of
    // the 10 s cap) ten times (sum 56300), then the 3700 ms left of the 60 s budget: 17 waits, 18 sends.
    assertThatThrownBy(() -> writer.write(BODY, 3))
        .isInstanceOfSatisfying(
            InfluxRetriesExhaustedException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(18);
              assertThat(e.outage()).isEqualTo(Duration.ofMinutes(1));
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.body()).contains("still down");
              assertThat(e.getCause()).isInstanceOf(InfluxRetryableException.class);
              assertThat(e.getMessage())
                  .contains("InfluxDB at " + server.url() + " has been unreachable for 1 min")
                  .contains("last error")
                  .contains("still down")
                  .contains("Check that InfluxDB is running");
            });
    assertThat(sleeps).hasSize(17);
    assertThat(sleeps.subList(0, 7))
        .containsExactly(
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
            Duration.ofMillis(1600), Duration.ofMillis(3200), Duration.ofMillis(5000));
    assertThat(sleeps.get(16)).isEqualTo(Duration.ofMillis(3700));
    assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(60_000);
    assertThat(server.requests()).hasSize(18);
    assertThat(listener.retries).isEqualTo(17);
    assertThat(listener.failures).isEqualTo(1);
    assertThat(listener.writes).isZero();
  }

  @Test
  void theOutageIsMeasuredAcrossBatchesAndEndsWithASuccess() throws Exception {
    server.then(3, 503, "");

    writer.write(BODY, 3); // 503, 503, 503, then stored: 100 + 200 + 400 ms of waiting
    assertThat(writer.outageNanos()).isZero();
    server.then(2, 503, "");
    writer.write(BODY, 3); // a new outage starts over: 100 + 200 ms

    assertThat(sleeps)
        .containsExactly(
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
            Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(listener.writes).isEqualTo(2);
  }

  @Test
  void outageDurationIsVisibleWhileItLasts() throws Exception {
    server.then(2, 503, "");
    List<Long> seen = new ArrayList<>();
    RetryingWriter[] self = new RetryingWriter[1];
    self[0] =
        new RetryingWriter(
            client, "db", new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(1)),
            d -> {
              seen.add(self[0].outageNanos() / 1_000_000);
              nanos.addAndGet(d.toNanos());
            },
            () -> 0.0, nanos::get, listener);

    self[0].write(BODY, 3);

    // Before the first wait the outage is 0 ms old (requests take no fake time), before the second 100 ms.
    assertThat(seen).containsExactly(0L, 100L);
    assertThat(self[0].outageNanos()).isZero();
  }

  @Test
  void aMissingDatabaseIsWaitedForLikeAnOutageAndTheBatchWrittenOnceItIsThere() throws Exception {
    server.then(2, 404, "{\"error\":\"database not found: \\\"db\\\"\"}");

    writer.write(BODY, 3);

    assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
      assertThat(r.pathAndQuery()).startsWith("/write?db=db");
      assertThat(r.body()).isEqualTo(BODY);
    });
    assertThat(listener.retries).isEqualTo(2);
    assertThat(listener.writes).isEqualTo(1);
    assertThat(listener.failures).isZero();
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aDatabaseMissingForTheWholeBudgetFailsNamingTheSetUpCommand() {
    server.then(100, 404, "{\"error\":\"database not found: \\\"db\\\"\"}");

    // The same waits as for an outage (see above): 18 sends in the 60 s budget.
    assertThatThrownBy(() -> writer.write(BODY, 3))
        .isInstanceOfSatisfying(
            InfluxRetriesExhaustedException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(18);
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.getCause()).isInstanceOf(InfluxDatabaseNotFoundException.class);
              assertThat(e.getMessage())
                  .contains("has been without the job's database for 1 min")
                  .contains("vigil influx setup --influx-db db")
                  .doesNotContain("Check that InfluxDB is running");
            });
    assertThat(server.requests()).noneMatch(r -> r.pathAndQuery().startsWith("/query"));
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
