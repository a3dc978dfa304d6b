package org.vigil.jobs.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.awaitility.core.ConditionFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;

/**
 * An integration test's monitoring job on the real services, and what the test needs around it: a database of its
 * own, set up as {@code vigil influx setup} does ({@link TestInflux#setUp}); the job's settings for the test
 * ({@link JobSettings#forTest}); an observer ({@link MqttFeed}) collecting messages on topic filters; a publisher
 * standing in for devices, operators and tools (more on connections of their own: {@link #connectPublisher}); and, on
 * {@link #close}, the job cancelled, the retained topics the test named cleared, the database dropped and the job's
 * persistent MQTT sessions removed (so they hold no share of later runs' messages). A test that must see any failure
 * starts the job {@linkplain #startWithoutRestarts without restarts}, its status watched.
 *
 * <p>Names come from the test's name and run id: database {@code it_<name>_<run>}, client-id prefix {@code
 * it-<name>-<run>}, shared-subscription group {@code <name><run>}. A test that plays the job itself (publishing what
 * the job would) uses the fixture without {@linkplain #start starting} it.
 */
public final class RunningJob implements AutoCloseable {

  /** The job's MQTT sessions that outlive a cancelled job: its readers and its control readers. */
  private static final List<String> SESSIONS = List.of("-0", "-1", "-rules-0", "-registry-0",
      "-warning-requests-0", "-mode-requests-0", "-acks-0", "-silences-0");

  /** The client ids of the sessions a job with the client prefix {@code clientPrefix} leaves on the broker. */
  public static List<String> sessionIds(String clientPrefix) {
    return SESSIONS.stream().map(s -> clientPrefix + s).toList();
  }

  private final String name;
  private final String run;
  private final InfluxClient influx;
  private final MqttFeed feed;
  private final MqttAsyncClient publisher;
  private final Set<String> retained = new LinkedHashSet<>();
  private final Deque<AutoCloseable> closeAfter = new ArrayDeque<>();
  private final List<MqttAsyncClient> morePublishers = new ArrayList<>();
  private JobClient job;
  private ScheduledExecutorService watcher;
  private Set<JobStatus> statusesSeen = ConcurrentHashMap.newKeySet();

  private RunningJob(String name, String run, InfluxClient influx, MqttFeed feed, MqttAsyncClient publisher) {
    this.name = name;
    this.run = run;
    this.influx = influx;
    this.feed = feed;
    this.publisher = publisher;
  }

  /**
   * Sets up the test's database and connects the observer and the publisher; the job is not started yet.
   *
   * @param name the test's short name, in its database, client ids and group ({@code [a-z]+})
   * @param run the run's id, making every name unique
   */
  public static RunningJob prepare(String name, String run) throws Exception {
    InfluxClient influx = TestInflux.client();
    TestInflux.setUp(db(name, run));
    MqttFeed feed = MqttFeed.connect(TestServices.mqttUrl(), "it-" + name + "-observer-" + run);
    MqttAsyncClient publisher;
    try {
      publisher = publisher("it-" + name + "-publisher-" + run);
    } catch (MqttException | RuntimeException e) {
      feed.close();
      throw e;
    }
    return new RunningJob(name, run, influx, feed, publisher);
  }

  /** A clean-session publisher on the test broker, up to 1,000 publishes in flight. */
  private static MqttAsyncClient publisher(String clientId) throws MqttException {
    MqttAsyncClient publisher = new MqttAsyncClient(TestServices.mqttUrl(), clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setReceiveMaximum(1000);
    publisher.connect(o).waitForCompletion(10_000);
    return publisher;
  }

  /**
   * Another publisher ({@code it-<name>-<role>-<run>}) on a connection of its own, so that what it sends does not queue
   * behind the main publisher's (live devices beside a bulk resend); disconnected on {@link #close}.
   */
  public MqttAsyncClient connectPublisher(String role) throws MqttException {
    MqttAsyncClient c = publisher("it-" + name + "-" + role + "-" + run);
    morePublishers.add(c);
    return c;
  }

  private static String db(String name, String run) {
    return "it_" + name + "_" + run;
  }

  /** The test's database. */
  public String db() {
    return db(name, run);
  }

  /** The job's MQTT client-id prefix. */
  public String clientPrefix() {
    return "it-" + name + "-" + run;
  }

  /** A client of the test InfluxDB (as the test user). */
  public InfluxClient influx() {
    return influx;
  }

  /** The observer. */
  public MqttFeed feed() {
    return feed;
  }

  /**
   * The job's settings for this test ({@link JobSettings#forTest}: the test services, this test's database, group and
   * client ids, checkpoints every 500 ms into {@code checkpointDir}, parallelism 2); mutable.
   *
   * @param sites the known sites, comma-separated ("" for any)
   */
  public Map<String, String> settings(String sites, Path checkpointDir) {
    return JobSettings.forTest(db(), name + run, clientPrefix(), sites, checkpointDir);
  }

  /** Starts the job on a MiniCluster with {@code settings} and webhook endpoints {@code hooks}. */
  public JobClient start(Map<String, String> settings, List<WebhookEndpoint> hooks) throws Exception {
    requireNotStarted();
    job = MonitoringJob.startLocal(MonitoringConfig.from(settings::get), hooks);
    return job;
  }

  /**
   * Starts the job on a MiniCluster with restarts off, so that any failure ends it instead of hiding in a restart,
   * and watches its status every 250 ms ({@link #statusesSeen}, anew at every start). {@code configure} adds to the
   * MiniCluster's configuration (a test's metrics reporter). After {@link #stop} it may be started again, from its
   * checkpoint.
   */
  public JobClient startWithoutRestarts(MonitoringConfig config, String jobName, Consumer<Configuration> configure)
      throws Exception {
    requireNotStarted();
    StreamExecutionEnvironment env = MonitoringJob.localEnvironment(config);
    Configuration conf = (Configuration) env.getConfiguration(); // the MiniCluster is built from this at execute
    configure.accept(conf);
    conf.setString("restart-strategy.type", "none");
    MonitoringJob.build(env, config, List.of());
    JobClient started = env.executeAsync(jobName);
    job = started;
    Set<JobStatus> seen = ConcurrentHashMap.newKeySet();
    statusesSeen = seen;
    watcher = Executors.newSingleThreadScheduledExecutor();
    watcher.scheduleWithFixedDelay(() -> {
      try {
        seen.add(started.getJobStatus().get(5, TimeUnit.SECONDS));
      } catch (Exception e) {
        seen.add(JobStatus.FAILED); // the cluster is gone with the job
      }
    }, 0, 250, TimeUnit.MILLISECONDS);
    return started;
  }

  private void requireNotStarted() {
    if (job != null) {
      throw new IllegalStateException("the job of " + clientPrefix() + " is running already");
    }
  }

  /** The job's client, or null before it is started and after {@link #stop}. */
  public JobClient client() {
    return job;
  }

  /** The statuses seen since the job was last started {@linkplain #startWithoutRestarts without restarts}. */
  public Set<JobStatus> statusesSeen() {
    return statusesSeen;
  }

  /** Whether the job has stopped: in a terminal state, or its MiniCluster gone with it (status queries then throw). */
  public boolean stopped() {
    if (job == null) {
      return true;
    }
    try {
      return job.getJobStatus().get(5, TimeUnit.SECONDS).isTerminalState();
    } catch (Exception e) {
      return true;
    }
  }

  /** Awaitility that stops at once, saying so, when the job is no longer running (failed, cancelled). */
  public ConditionFactory awaitAlive() {
    return await().failFast("the job stopped running (restarts are off: a failure ends it)", this::stopped);
  }

  /** Stops watching the job, cancels it unless it has stopped, and waits until it has; it may be started again. */
  public void stop() throws Exception {
    stopWatching();
    if (job != null && !stopped()) {
      job.cancel().get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(this::stopped);
    }
    job = null;
  }

  private void stopWatching() {
    if (watcher != null) {
      watcher.shutdownNow();
      watcher = null;
    }
  }

  /**
   * Publishes {@code payload.apply(i)} (i = 0, 1, ...) on {@code topic} every 500 ms until {@code ready} holds, for at
   * most {@code atMost}: how a test learns that the job's readers are subscribed (the broker drops what is published
   * before) and that the job takes what it publishes.
   */
  public void publishUntil(String topic, IntFunction<String> payload, Callable<Boolean> ready, Duration atMost) {
    int[] sent = {0};
    await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
      publish(topic, payload.apply(sent[0]++), false);
      return ready.call();
    });
  }

  /** Publishes at QoS 1 and waits for the broker; a retained topic is cleared on {@link #close}. */
  public void publish(String topic, String payload, boolean retain) throws MqttException {
    if (retain) {
      retained.add(topic);
    }
    publishAsync(topic, payload, retain).waitForCompletion(10_000);
  }

  /** Publishes bytes (a camera frame) at QoS 1, not retained, and waits for the broker. */
  public void publish(String topic, byte[] payload) throws MqttException {
    publish(topic, payload, false);
  }

  /** Publishes bytes at QoS 1 and waits for the broker; a retained topic is cleared on {@link #close}. */
  public void publish(String topic, byte[] payload, boolean retain) throws MqttException {
    if (retain) {
      retained.add(topic);
    }
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    m.setRetained(retain);
    publisher.publish(topic, m).waitForCompletion(10_000);
  }

  /** Publishes at QoS 1 without waiting (at most the broker's receive maximum at once). */
  public IMqttToken publishAsync(String topic, String payload) throws MqttException {
    return publishAsync(topic, payload, false);
  }

  private IMqttToken publishAsync(String topic, String payload, boolean retain) throws MqttException {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    m.setRetained(retain);
    return publisher.publish(topic, m);
  }

  /** Clears {@code topic}'s retained message on {@link #close} (one the job, or a test's tool, left). */
  public void clearOnClose(String topic) {
    retained.add(topic);
  }

  /**
   * Closes {@code resource} (a webhook receiver, loudspeaker controllers, a test's HTTP server) on {@link #close},
   * right after the job is cancelled, the last given first; returns it.
   */
  public <T extends AutoCloseable> T closeAfter(T resource) {
    closeAfter.push(resource);
    return resource;
  }

  /**
   * Cancels the job (unless it has stopped), closes what {@link #closeAfter} was given, clears the retained topics,
   * closes the clients, drops the database and removes the job's sessions; goes on after a failure and throws the
   * first.
   */
  @Override
  public void close() throws Exception {
    List<Exception> failures = new ArrayList<>();
    stopWatching();
    step(failures, () -> {
      if (job != null && !stopped()) {
        job.cancel().get(30, TimeUnit.SECONDS);
      }
    });
    while (!closeAfter.isEmpty()) {
      step(failures, closeAfter.pop()::close);
    }
    step(failures, () -> {
      for (String t : retained) {
        MqttMessage empty = new MqttMessage(new byte[0]);
        empty.setRetained(true);
        publisher.publish(t, empty).waitForCompletion(10_000);
      }
    });
    for (MqttAsyncClient c : morePublishers) {
      step(failures, () -> {
        c.disconnect().waitForCompletion(5_000);
        c.close();
      });
    }
    step(failures, () -> {
      publisher.disconnect().waitForCompletion(5_000);
      publisher.close();
    });
    step(failures, feed::close);
    step(failures, () -> influx.dropDatabase(db()));
    step(failures, () -> TestServices.removeMqttSessions(sessionIds(clientPrefix())));
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void step(List<Exception> failures, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      failures.add(e);
    }
  }
}
