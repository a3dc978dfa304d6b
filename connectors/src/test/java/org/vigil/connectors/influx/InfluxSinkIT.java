package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.testing.TestInflux;

/** The sink in a Flink MiniCluster against the real InfluxDB started by {@code infra/services.sh}. */
class InfluxSinkIT {

  /** 2026-01-01T00:00:00Z: point i is at BASE + i ms. */
  private static final long BASE = 1_767_225_600_000L;

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(clusterConfig())
              .build());

  private final String influxUrl = TestServices.influxUrl();
  private final InfluxClient influx = TestInflux.client();
  private final List<String> databases = new ArrayList<>();

  @AfterEach
  void dropDatabases() throws Exception {
    for (String db : databases) {
      influx.dropDatabase(db);
    }
  }

  @Test
  void writesEveryPointWithExactValuesAndReplaysIdempotently() throws Exception {
    String db = newDatabase();
    int n = 50_000;
    TestInflux.setUp(db); // the operations step: the sink does not create its database
    InfluxSink<Long> sink = sink(influxUrl, db).build();

    runJob(n, 2, sink);

    assertThat(influx.count(db, "SELECT count(rain_mm) FROM rain")).isEqualTo(n);
    // i = 12347: sensor g7, site s2, rain 47/10.
    JsonNode row = firstRow(db, "SELECT rain_mm, seq, ok, note FROM rain WHERE sensor = 'g7' AND site = 's2'"
        + " AND time = " + (BASE + 12_347) + "ms");
    assertThat(row.get(0).asLong()).isEqualTo(BASE + 12_347);
    assertThat(row.get(1).asDouble()).isEqualTo(4.7);
    assertThat(row.get(2).asLong()).isEqualTo(12_347);
    assertThat(row.get(3).asBoolean()).isFalse();
    assertThat(row.get(4).asText()).isEqualTo("n \"12347\" \\ok");
    assertThat(firstRow(db, "SELECT last(seq) FROM rain").get(1).asLong()).isEqualTo(n - 1);
    assertThat(influx.count(db, "SELECT count(seq) FROM rain WHERE sensor = 'g3'")).isEqualTo(n / 10);

    runJob(n, 2, sink);

    assertThat(influx.count(db, "SELECT count(rain_mm) FROM rain")).isEqualTo(n);
  }

  @Test
  void serviceUnavailableWritesAreRetriedAndNothingIsLost() throws Exception {
    String db = newDatabase();
    int n = 10_000;
    influx.createDatabase(db); // the proxy only disturbs writes
    try (FlakyInfluxProxy proxy = new FlakyInfluxProxy(influxUrl, 3)) {
      InfluxSink<Long> sink =
          sink(proxy.url(), db)
              .batchSize(1000)
              .initialBackoff(Duration.ofMillis(20))
              .maxBackoff(Duration.ofMillis(200))
              .build();

      runJob(n, 2, sink);

      assertThat(proxy.rejectedWrites()).isEqualTo(3);
      assertThat(proxy.forwardedWrites()).isGreaterThanOrEqualTo(n / 1000);
    }
    assertThat(influx.count(db, "SELECT count(rain_mm) FROM rain")).isEqualTo(n);
  }

  @Test
  void anOutageLongerThanMaxOutageFailsTheTaskAndTheRestartedJobStillWritesEverything() throws Exception {
    String db = newDatabase();
    int n = 5_000;
    influx.createDatabase(db);
    // maxOutage 30 ms: the 503s (attempts at about 0, 10-20 and 30 ms) outlast the budget and fail the
    // task; the job restarts (fixed-delay strategy of the cluster, 3 attempts) and replays. Each failed
    // run uses up at least one of the 3 rejections, so at the latest the fourth run writes everything.
    try (FlakyInfluxProxy proxy = new FlakyInfluxProxy(influxUrl, 3)) {
      InfluxSink<Long> sink =
          sink(proxy.url(), db)
              .maxOutage(Duration.ofMillis(30))
              .initialBackoff(Duration.ofMillis(20))
              .maxBackoff(Duration.ofMillis(50))
              .build();

      runJob(n, 1, sink);

      assertThat(proxy.rejectedWrites()).isEqualTo(3);
    }
    assertThat(influx.count(db, "SELECT count(rain_mm) FROM rain")).isEqualTo(n);
  }

  @Test
  void aQuietStreamIsWrittenOnTheFlushTimerLongBeforeItEnds() throws Exception {
    String db = newDatabase();
    influx.createDatabase(db);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1); // no checkpointing: only the writer's processing-time timer can write
    env.fromSequence(0, 2)
        .flatMap(InfluxSinkIT::emitThenIdle)
        .returns(Long.class)
        .sinkTo(sink(influxUrl, db).build())
        .disableChaining(); // the sink's task thread stays free while the stream is quiet
    JobClient job = env.executeAsync("influx-sink-quiet-it");
    try {
      // The source stays quiet for 60 s after the last element: without the timer nothing is written before then.
      // 1 s flush interval + network buffer timeout + job start take seconds; the bound leaves room for a loaded
      // machine and stays far from the 60 s.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> influx.count(db, "SELECT count(rain_mm) FROM rain") == 3);
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void escapedNamesAndStringsRoundTripThroughInfluxDb() throws Exception {
    String db = newDatabase();
    influx.createDatabase(db);
    LineProtocol.Builder out = new LineProtocol.Builder();
    out.measurement("odd name,1")
        .tag("site", "a b,c=d")
        .tag("path", "C:\\data\\x")
        .field("field key,=", 1.5)
        .field("text", "quote \" backslash \\ end\\")
        .field("line", "one\ntwo")
        .timestamp(BASE);

    influx.write(db, out.toString());

    JsonNode series = influx.query(db, "SELECT * FROM \"odd name,1\"").path("results").path(0).path("series").path(0);
    assertThat(series.path("name").asText()).isEqualTo("odd name,1");
    List<String> columns = new ArrayList<>();
    series.path("columns").forEach(c -> columns.add(c.asText()));
    assertThat(columns).containsExactly("time", "field key,=", "line", "path", "site", "text");
    JsonNode row = series.path("values").path(0);
    assertThat(row.get(1).asDouble()).isEqualTo(1.5);
    assertThat(row.get(2).asText()).isEqualTo("one two");
    assertThat(row.get(3).asText()).isEqualTo("C:\\data\\x");
    assertThat(row.get(4).asText()).isEqualTo("a b,c=d");
    assertThat(row.get(5).asText()).isEqualTo("quote \" backslash \\ end\\");
  }

  /** Rain-like points: 10 sensors over 5 sites, one point per element at BASE + i ms. */
  static void encode(Long i, LineProtocol.Builder out) {
    out.measurement("rain")
        .tag("sensor", "g" + (i % 10))
        .tag("site", "s" + (i % 5))
        .field("rain_mm", (i % 100) / 10.0)
        .field("seq", (long) i)
        .field("ok", i % 2 == 0)
        .field("note", "n \"" + i + "\" \\ok")
        .timestamp(BASE + i);
  }

  /** Passes the elements on, then stays quiet (until cancelled) after the last one. */
  private static void emitThenIdle(Long i, Collector<Long> out) throws InterruptedException {
    out.collect(i);
    if (i == 2) {
      Thread.sleep(60_000);
    }
  }

  private static InfluxSink.Builder<Long> sink(String url, String db) {
    return InfluxSink.<Long>builder().url(url).credentials(org.vigil.connectors.testing.TestInflux.credentials())
        .database(db).encoder(InfluxSinkIT::encode);
  }

  private static void runJob(int n, int parallelism, InfluxSink<Long> sink) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    env.enableCheckpointing(200);
    env.fromSequence(0, n - 1).name("numbers").sinkTo(sink).name("influx").uid("influx-sink");
    env.execute("influx-sink-it");
  }

  private String newDatabase() {
    String db = "vigil_it_sink_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    databases.add(db);
    return db;
  }

  private JsonNode firstRow(String db, String q) throws InterruptedException {
    return influx.query(db, q).path("results").path(0).path("series").path(0).path("values").path(0);
  }

  private static Configuration clusterConfig() {
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    return conf;
  }
}
