package org.vigil.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestInflux;

/**
 * Cluster mode without Docker: a real Flink session cluster of three JVMs on loopback (a jobmanager and two
 * taskmanagers with two slots each, {@link FlinkCluster}), the monitoring job's shaded jar submitted through Flink's
 * REST client ({@link RestClusterClient}) at parallelism 2 with its settings as program arguments, spread over both
 * taskmanagers. Numbered water-level readings go through the real Mosquitto into the real InfluxDB; mid-stream one
 * taskmanager is killed with SIGKILL. The job restarts from its last checkpoint on the surviving taskmanager's free
 * slots (no replacement is started), the broker redelivers what the checkpoint did not cover to the readers' persistent
 * sessions, and in the end every published reading is in InfluxDB: the count of distinct (sensor, timestamp) points
 * equals the number published, per sensor. Prints the recovery time and the counts. The processes' logs stay in
 * {@code target/cluster-it/<run>/logs}.
 */
class FlinkClusterIT {

  private static final int SENSORS = 20;
  private static final int RATE_PER_S = 250;
  private static final int READINGS = 10_000; // 40 s at 250/s
  private static final long STEP_MS = 100;
  private static final int BURST = 20_000;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "cl" + run;
  private final String db = "it_cluster_" + run;
  private final String clientPrefix = "it-cluster-" + run;

  private FlinkCluster cluster;
  private InfluxClient influx;
  private MqttAsyncClient publisher;

  @AfterEach
  void cleanUp() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (publisher != null) {
      publisher.disconnect().waitForCompletion(5_000);
      publisher.close();
    }
    if (influx != null) {
      influx.dropDatabase(db);
    }
    TestServices.removeMqttSessions(List.of(clientPrefix + "-0", clientPrefix + "-1"));
  }

  @Test
  void jobOnTwoTaskManagersSurvivesTheLossOfOneWithNothingLost() throws Exception {
    long t0 = System.nanoTime();
    Path home = Path.of("target", "cluster-it", run).toAbsolutePath();
    cluster = FlinkCluster.prepare(home, Path.of("target", "flink-classpath.txt").toAbsolutePath(), 2);
    cluster.startJobManager(Duration.ofSeconds(60));
    cluster.startTaskManager("tm-1");
    cluster.startTaskManager("tm-2");
    cluster.awaitTaskManagers(2, Duration.ofSeconds(60));
    double clusterUp = seconds(t0);

    influx = TestInflux.client();
    influx.createDatabase(db);
    Map<String, String> settings = new TreeMap<>();
    settings.put("VIGIL_MQTT_URL", TestServices.mqttUrl());
    settings.put("VIGIL_INFLUX_URL", TestServices.influxUrl());
    settings.putAll(TestServices.influxSettings());
    settings.put("VIGIL_INFLUX_DB", db);
    settings.put("VIGIL_MQTT_GROUP", "cluster" + run);
    settings.put("VIGIL_MQTT_CLIENT_PREFIX", clientPrefix);
    settings.put("VIGIL_MQTT_TOPICS", "vigil/" + site + "/+/+/data");
    settings.put("VIGIL_MQTT_FRAME_TOPICS", "none");
    settings.put("VIGIL_MQTT_SESSION_EXPIRY_S", "300");
    settings.put("VIGIL_RULES_TOPIC", "none");
    settings.put("VIGIL_SITES", site);
    settings.put("VIGIL_CHECKPOINT_INTERVAL_MS", "1000");
    Path jar = FlinkCluster.jobJar(Path.of("target")).orElseThrow(
        () -> new AssertionError("the shaded job jar in target/ (mvn package builds it)"));
    JobID job = cluster.submit(jar, settings, 2);
    waitFor(() -> cluster.allRunning(job), Duration.ofSeconds(60), "every task of the job RUNNING (or FINISHED)");
    double jobUp = seconds(t0);
    TreeSet<String> hosts = cluster.taskManagersOf(job);
    assertThat(hosts).as("the job's subtasks are spread over both taskmanagers").containsExactly("tm-1", "tm-2");

    publisher = new MqttAsyncClient(TestServices.mqttUrl(), "it-cluster-pub-" + run, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    publisher.connect(o).waitForCompletion(10_000);
    // The shared subscription exists once the readers are connected: probe (kind rain, not counted) until stored.
    long base = System.currentTimeMillis() - 60_000;
    int probe = 0;
    while (count("SELECT count(rain_mm) FROM rain") == 0) {
      assertThat(seconds(t0)).as("a probe reading stored within 120 s (logs in %s)", cluster.logs()).isLessThan(120);
      publisher.publish("vigil/" + site + "/rain/probe/data", message(base - 1_000 * ++probe, "rain_mm", 0.0, probe))
          .waitForCompletion(5_000);
      Thread.sleep(500);
    }

    AtomicLong published = new AtomicLong();
    AtomicReference<Throwable> feedError = new AtomicReference<>();
    Thread feeder = new Thread(() -> {
      try {
        feed(base, published);
      } catch (Throwable t) {
        feedError.set(t);
      }
    }, "cluster-it-feeder");
    long feedStart = System.nanoTime();
    feeder.start();
    String stored = "SELECT count(level_m) FROM level WHERE site = '" + site + "'";
    waitFor(() -> count(stored) >= READINGS / 4, Duration.ofSeconds(60), "a quarter of the readings stored");

    long storedAtKill = count(stored);
    long publishedAtKill = published.get();
    long killedAt = System.nanoTime();
    long pid = cluster.kill9("tm-2");
    // Recovered: the job is RUNNING again on the surviving taskmanager's slots, having restarted at least once.
    waitFor(() -> cluster.restarts(job) >= 1 && cluster.allRunning(job), Duration.ofSeconds(90), "the job restarted and RUNNING");
    double runningAgain = seconds(killedAt);
    TreeSet<String> hostsAfter = cluster.taskManagersOf(job);
    long storedAtRecovery = count(stored);
    waitFor(() -> count(stored) > storedAtRecovery, Duration.ofSeconds(60), "new readings stored after the restart");
    double writingAgain = seconds(killedAt);

    feeder.join(TimeUnit.SECONDS.toMillis(90));
    assertThat(feedError.get()).as("publisher").isNull();
    assertThat(published.get()).isEqualTo(READINGS);
    double feedSeconds = seconds(feedStart);
    waitFor(() -> count(stored) == READINGS, Duration.ofSeconds(90), "all " + READINGS + " readings stored");
    double drained = seconds(feedStart);

    // Distinct (sensor, timestamp) points per sensor: InfluxDB keeps one point per series and time, so replays
    // (at least once) cannot inflate these counts, and a missing reading lowers them.
    JsonNode perSensor = influx.query(db, stored.replace("count(level_m)", "count(level_m), min(seq), max(seq)")
        + " GROUP BY sensor");
    Map<String, long[]> counts = new TreeMap<>();
    for (JsonNode s : perSensor.path("results").path(0).path("series")) {
      JsonNode row = s.path("values").path(0);
      counts.put(s.path("tags").path("sensor").asText(), new long[] {row.path(1).asLong(), row.path(2).asLong(),
          row.path(3).asLong()});
    }
    assertThat(counts).hasSize(SENSORS);
    counts.forEach((sensor, c) -> {
      assertThat(c[0]).as("distinct readings of %s", sensor).isEqualTo(READINGS / SENSORS);
      assertThat(c[1]).as("first seq of %s", sensor).isZero();
      assertThat(c[2]).as("last seq of %s", sensor).isEqualTo(READINGS / SENSORS - 1);
    });
    long duplicates = count("SELECT count(payload_bytes) FROM deadletter WHERE reason = 'duplicate'");
    long restarts = cluster.restarts(job);
    long storedFinal = count(stored);

    // Sizing: a burst published as fast as the publisher goes (200 in flight), timed until all are stored, on
    // the surviving taskmanager (the job's 2 subtasks in its 2 slots; broker, InfluxDB, publisher on the same
    // machine).
    String burstStored = "SELECT count(level_m) FROM level WHERE site = '" + site + "' AND sensor =~ /^burst-/";
    long burstStart = System.nanoTime();
    ArrayDeque<IMqttToken> window = new ArrayDeque<>();
    for (int i = 0; i < BURST; i++) {
      while (window.size() >= 200) { // Paho counts in-flight publishes a little after their tokens complete
        window.poll().waitForCompletion(30_000);
      }
      window.add(publisher.publish("vigil/" + site + "/level/burst-" + (i % SENSORS) + "/data",
          message(base + (i / SENSORS) * STEP_MS, "level_m", 1.5, i / SENSORS)));
    }
    while (!window.isEmpty()) {
      window.poll().waitForCompletion(30_000);
    }
    double burstPublished = seconds(burstStart);
    waitFor(() -> count(burstStored) == BURST, Duration.ofSeconds(90), "the burst stored");
    double burstSeconds = seconds(burstStart);
    cluster.cancel(job);

    System.out.printf(Locale.ROOT, "FlinkClusterIT: jobmanager + 2 taskmanagers (2 slots each) up in %.1f s, job"
            + " RUNNING on %s at %.1f s (%d MB job jar)%n", clusterUp, hosts, jobUp, Files.size(jar) >> 20);
    System.out.printf(Locale.ROOT, "  fed %d readings (%d sensors) at %d/s in %.1f s; SIGKILL tm-2 (pid %d) at %d"
        + " published, %d stored%n", READINGS, SENSORS, RATE_PER_S, feedSeconds, pid, publishedAtKill, storedAtKill);
    System.out.printf(Locale.ROOT, "  recovery: job RUNNING again on %s %.1f s after the kill (%d restart(s)), new"
        + " readings stored %.1f s after the kill%n", hostsAfter, runningAgain, restarts, writingAgain);
    System.out.printf(Locale.ROOT, "  InfluxDB: %d of %d readings stored (distinct sensor+time), every sensor %d"
        + " with seq 0..%d; all stored %.1f s after the feed began; %d replays dead-lettered as duplicates%n",
        storedFinal, READINGS, READINGS / SENSORS, READINGS / SENSORS - 1, drained, duplicates);
    System.out.printf(Locale.ROOT, "  burst: %d readings published in %.1f s, all stored after %.1f s: %.0f readings/s"
        + " through the whole job on one taskmanager with 2 slots (publisher-bound if stored right after published)%n", BURST, burstPublished, burstSeconds,
        BURST / burstSeconds);
    System.out.printf(Locale.ROOT, "  total %.1f s; logs in %s%n", seconds(t0), cluster.logs());
  }

  /** READINGS readings, round-robin over the sensors, each sensor's timestamps STEP_MS apart, paced. */
  private void feed(long base, AtomicLong published) throws Exception {
    ArrayDeque<IMqttToken> window = new ArrayDeque<>();
    long start = System.nanoTime();
    for (int i = 0; i < READINGS; i++) {
      int sensor = i % SENSORS;
      int seq = i / SENSORS;
      window.add(publisher.publish("vigil/" + site + "/level/lv-" + sensor + "/data",
          message(base + seq * STEP_MS, "level_m", 1.0 + sensor / 100.0, seq)));
      while (window.size() > 200) {
        window.poll().waitForCompletion(30_000);
        published.incrementAndGet();
      }
      long wait = start + (i + 1) * 1_000_000_000L / RATE_PER_S - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    while (!window.isEmpty()) {
      window.poll().waitForCompletion(30_000);
      published.incrementAndGet();
    }
  }

  private static MqttMessage message(long ts, String field, double value, long seq) {
    MqttMessage m = new MqttMessage(String.format(Locale.ROOT, "{\"ts\":%d,\"seq\":%d,\"values\":{\"%s\":%s}}", ts, seq,
        field, value).getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    return m;
  }

  private long count(String q) {
    try {
      return influx.count(db, q);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void waitFor(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for: " + what);
      }
      Thread.sleep(250);
    }
  }
}
