package org.vigil.connectors.mqtt.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

/** The reader's acknowledgement and back-pressure logic, with fake MQTT connections. */
@Timeout(30)
class MqttSourceReaderTest {

  private final Map<Integer, FakeConnection> connections = new ConcurrentHashMap<>();
  private final RecordingOutput output = new RecordingOutput();
  private final MetricListener metrics = new MetricListener();
  private final AtomicLong now = new AtomicLong(10_000);
  private MqttSourceReader reader;

  private MqttSourceReader reader(int maxUnacked) {
    MqttSourceConfig config =
        MqttSource.builder()
            .serverUri("tcp://127.0.0.1:1")
            .topicFilters("t/#")
            .clientIdPrefix("test")
            .maxUnackedMessages(maxUnacked)
            .receiveQueueCapacity(100)
            .build()
            .config();
    reader =
        new MqttSourceReader(
            config,
            new FakeContext(InternalSourceReaderMetricGroup.mock(metrics.getMetricGroup())),
            (split, queue, scheduler, listener) -> {
              FakeConnection c = new FakeConnection(split, queue, listener);
              connections.put(split.index(), c);
              return c;
            },
            now::get);
    reader.start();
    return reader;
  }

  @AfterEach
  void close() {
    if (reader != null) {
      reader.close();
    }
  }

  @Test
  void opensOneConnectionPerSplitOnce() {
    reader(10).addSplits(List.of(new MqttSplit(0), new MqttSplit(2)));
    reader.addSplits(List.of(new MqttSplit(2)));
    assertThat(connections).containsOnlyKeys(0, 2);
    assertThat(connections.values()).allSatisfy(c -> assertThat(c.started).isTrue());
    assertThat(reader.snapshotState(1)).containsExactly(new MqttSplit(0), new MqttSplit(2));
  }

  @Test
  void acknowledgesOnlyWhenTheCheckpointCoveringAMessageCompletes() throws Exception {
    reader(100).addSplits(List.of(new MqttSplit(0)));
    FakeConnection c = connections.get(0);
    c.deliver(1, 1, "a");
    c.deliver(2, 1, "b");
    assertThat(reader.isAvailable()).isDone();
    reader.pollNext(output);
    assertThat(output.payloads()).containsExactly("a", "b");
    assertThat(c.acked).isEmpty();

    reader.snapshotState(1); // covers a, b
    c.deliver(3, 1, "c");
    reader.pollNext(output);
    assertThat(c.acked).isEmpty(); // the snapshot alone acknowledges nothing

    reader.notifyCheckpointComplete(1);
    assertThat(c.acked).containsExactly(1, 2); // c was emitted after checkpoint 1: not yet

    reader.snapshotState(2);
    reader.notifyCheckpointComplete(2);
    assertThat(c.acked).containsExactly(1, 2, 3);
  }

  @Test
  void aLaterCheckpointCoversAnAbortedOne() throws Exception {
    reader(100).addSplits(List.of(new MqttSplit(0)));
    FakeConnection c = connections.get(0);
    c.deliver(1, 1, "a");
    reader.pollNext(output);
    reader.snapshotState(1);
    reader.notifyCheckpointAborted(1);
    c.deliver(2, 1, "b");
    reader.pollNext(output);
    reader.snapshotState(2);
    assertThat(c.acked).isEmpty();
    reader.notifyCheckpointComplete(2);
    assertThat(c.acked).containsExactly(1, 2);
  }

  @Test
  void qos0MessagesAreEmittedButNeitherAcknowledgedNorCounted() throws Exception {
    reader(1).addSplits(List.of(new MqttSplit(0)));
    FakeConnection c = connections.get(0);
    c.deliver(0, 0, "q0-a");
    c.deliver(0, 0, "q0-b");
    c.deliver(7, 1, "q1");
    c.deliver(0, 0, "q0-c");
    reader.pollNext(output);
    // cap 1 is reached by the QoS 1 message alone
    assertThat(output.payloads()).containsExactly("q0-a", "q0-b", "q1");
    reader.snapshotState(1);
    reader.notifyCheckpointComplete(1);
    assertThat(c.acked).containsExactly(7);
  }

  @Test
  void pausesAtTheUnackedCapUntilACheckpointCompletes() throws Exception {
    reader(3).addSplits(List.of(new MqttSplit(0)));
    FakeConnection c = connections.get(0);
    for (int id = 1; id <= 5; id++) {
      c.deliver(id, 1, "m" + id);
    }
    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    assertThat(output.payloads()).containsExactly("m1", "m2", "m3");
    var paused = reader.isAvailable();
    assertThat(paused).isNotDone(); // data is queued, but the cap holds emission back
    reader.pollNext(output);
    assertThat(output.payloads()).hasSize(3);

    reader.snapshotState(1);
    assertThat(paused).isNotDone();
    reader.notifyCheckpointComplete(1);
    assertThat(paused).isDone();
    assertThat(c.acked).containsExactly(1, 2, 3);

    assertThat(reader.isAvailable()).isDone();
    reader.pollNext(output);
    assertThat(output.payloads()).containsExactly("m1", "m2", "m3", "m4", "m5");
  }

  @Test
  void availabilityCompletesWhenAMessageArrives() throws Exception {
    reader(10).addSplits(List.of(new MqttSplit(0)));
    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    var available = reader.isAvailable();
    assertThat(available).isNotDone();
    Thread producer = new Thread(() -> connections.get(0).deliver(1, 1, "late"));
    producer.start();
    producer.join();
    assertThat(available).isDone();
    reader.pollNext(output);
    assertThat(output.payloads()).containsExactly("late");
    assertThat(output.timestamps).containsExactly(1_000L + 1);
  }

  @Test
  void emitsAtMostABatchPerPollSoThatBarriersGetThrough() throws Exception {
    reader(50_000).addSplits(List.of(new MqttSplit(0)));
    FakeConnection c = connections.get(0);
    Thread producer =
        new Thread(
            () -> {
              for (int i = 1; i <= MqttSourceReader.MAX_RECORDS_PER_POLL + 50; i++) {
                c.deliver(i, 1, "m");
              }
            });
    producer.start();
    while (output.records.size() < MqttSourceReader.MAX_RECORDS_PER_POLL + 50) {
      int before = output.records.size();
      reader.pollNext(output);
      assertThat(output.records.size() - before).isLessThanOrEqualTo(MqttSourceReader.MAX_RECORDS_PER_POLL);
      if (output.records.size() < MqttSourceReader.MAX_RECORDS_PER_POLL + 50) {
        reader.isAvailable().get(10, TimeUnit.SECONDS);
      }
    }
    producer.join();
  }

  @Test
  void routesAcknowledgementsToTheConnectionAndGenerationAMessageCameFrom() throws Exception {
    reader(100).addSplits(List.of(new MqttSplit(0), new MqttSplit(1)));
    connections.get(0).deliver(5, 1, "from-0");
    connections.get(1).generation = 4;
    connections.get(1).deliver(5, 1, "from-1");
    reader.pollNext(output);
    reader.snapshotState(9);
    reader.notifyCheckpointComplete(9);
    assertThat(connections.get(0).ackedWithGeneration).containsExactly("0:5");
    assertThat(connections.get(1).ackedWithGeneration).containsExactly("4:5");
  }

  @Test
  void anAsyncFailureWakesTheTaskAndFailsPollNext() throws Exception {
    reader(2).addSplits(List.of(new MqttSplit(0)));
    FakeConnection c = connections.get(0);
    c.deliver(1, 1, "a");
    c.deliver(2, 1, "b");
    reader.pollNext(output);
    var paused = reader.isAvailable();
    assertThat(paused).isNotDone();

    c.listener.fatal(new MqttSourceException("test-0", "refused", null));

    assertThat(paused).isDone();
    assertThat(reader.isAvailable()).isDone();
    assertThatThrownBy(() -> reader.pollNext(output))
        .isInstanceOf(MqttSourceException.class)
        .hasMessageContaining("refused");
  }

  @Test
  void closeDisconnectsWithoutAcknowledgingPendingMessages() throws Exception {
    reader(100).addSplits(List.of(new MqttSplit(0)));
    FakeConnection c = connections.get(0);
    c.deliver(1, 1, "a");
    reader.pollNext(output);
    reader.snapshotState(1);
    reader.close();
    reader = null;
    assertThat(c.closed).isTrue();
    assertThat(c.acked).isEmpty();
    assertThat(c.deliver(2, 1, "after-close")).isFalse();
  }

  @Test
  void acksOfADroppedConnectionAreSkippedAndItsRedeliveriesAcknowledgedOnTheNewOne() throws Exception {
    reader(100).addSplits(List.of(new MqttSplit(0)));
    FakeConnection c = connections.get(0);
    c.generation = 1;
    c.deliver(1, 1, "a");
    c.deliver(2, 1, "b");
    reader.pollNext(output);
    reader.snapshotState(1); // covers a and b of connection 1

    // The connection drops and comes back as generation 2; the broker redelivers a and b with the same packet ids.
    c.listener.connectionLost(0);
    c.generation = 2;
    c.listener.connected(0, true, true);
    c.deliver(1, 1, "a");
    c.deliver(2, 1, "b");
    reader.pollNext(output);
    assertThat(output.payloads()).containsExactly("a", "b", "a", "b"); // at least once

    // Checkpoint 1 completes after the reconnect: its acks name packet ids of connection 1 and must not be sent.
    reader.notifyCheckpointComplete(1);
    assertThat(c.acked).isEmpty();
    assertThat(c.skipped).containsExactly("1:1", "1:2");
    assertThat(gauge("mqttUnackedMessages")).isEqualTo(2L);

    reader.snapshotState(2);
    reader.notifyCheckpointComplete(2);
    assertThat(c.ackedWithGeneration).containsExactly("2:1", "2:2");
    assertThat(counter("mqttAcksSent")).isEqualTo(2);
    assertThat(counter("mqttAcksSkipped")).isEqualTo(2);
    assertThat(counter("mqttMessagesEmitted")).isEqualTo(4);
    assertThat(gauge("mqttUnackedMessages")).isEqualTo(0L);
  }

  @Test
  void connectionMetricsFollowWhatTheConnectionsReport() {
    reader(10).addSplits(List.of(new MqttSplit(0), new MqttSplit(1))); // at t = 10 s, both down until connected
    SplitConnection.Listener events = connections.get(0).listener;
    now.set(13_500);
    assertThat(gauge("mqttConnected")).isEqualTo(0);
    assertThat(gauge("mqttDisconnectedSeconds")).isEqualTo(3L); // 3.5 s, whole seconds

    events.connected(0, false, false);
    events.connected(1, false, false);
    assertThat(gauge("mqttConnected")).isEqualTo(1);
    assertThat(gauge("mqttDisconnectedSeconds")).isEqualTo(0L);
    assertThat(gauge("mqttSecondsSinceConnectionLoss")).isEqualTo(-1L);

    now.set(20_000);
    events.connectionLost(1);
    now.set(27_900);
    assertThat(gauge("mqttConnected")).isEqualTo(0);
    assertThat(gauge("mqttDisconnectedSeconds")).isEqualTo(7L); // 7.9 s
    assertThat(gauge("mqttSecondsSinceConnectionLoss")).isEqualTo(7L);

    now.set(30_000);
    events.connected(1, true, true);
    now.set(45_000);
    assertThat(gauge("mqttConnected")).isEqualTo(1);
    assertThat(gauge("mqttDisconnectedSeconds")).isEqualTo(0L);
    assertThat(gauge("mqttSecondsSinceConnectionLoss")).isEqualTo(25L); // lost at 20 s
    assertThat(counter("mqttReconnects")).isEqualTo(1);
    assertThat(counter("mqttConnectionLosses")).isEqualTo(1);

    events.messageReceived(0);
    events.messageReceived(1);
    events.messageReceived(1);
    assertThat(counter("mqttMessagesReceived")).isEqualTo(3);
  }

  private long counter(String name) {
    return metrics.getCounter(name).orElseThrow(() -> new AssertionError("no counter " + name)).getCount();
  }

  private Object gauge(String name) {
    return metrics.getGauge(name).orElseThrow(() -> new AssertionError("no gauge " + name)).getValue();
  }

  /** Records what the reader asks of a connection; {@link #deliver} plays Paho's callback thread. */
  private static final class FakeConnection implements SplitConnection {
    final MqttSplit split;
    final ReceiveQueue queue;
    final SplitConnection.Listener listener;
    final List<Integer> acked = new CopyOnWriteArrayList<>();
    final List<String> ackedWithGeneration = new CopyOnWriteArrayList<>();
    final List<String> skipped = new CopyOnWriteArrayList<>();
    volatile long generation;
    volatile boolean started;
    volatile boolean closed;

    FakeConnection(MqttSplit split, ReceiveQueue queue, SplitConnection.Listener listener) {
      this.split = split;
      this.queue = queue;
      this.listener = listener;
    }

    boolean deliver(int messageId, int qos, String payload) {
      try {
        return queue.put(
            new ReceivedMessage(
                split.index(),
                generation,
                messageId,
                qos,
                "t/" + split.index(),
                payload.getBytes(StandardCharsets.UTF_8),
                1_000L + messageId),
            () -> closed);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void start() {
      started = true;
    }

    /** Like Paho's: only a message of the current connection (generation) is acknowledged. */
    @Override
    public boolean ack(long gen, int messageId, int qos) {
      if (gen != generation) {
        skipped.add(gen + ":" + messageId);
        return false;
      }
      acked.add(messageId);
      ackedWithGeneration.add(gen + ":" + messageId);
      return true;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static final class RecordingOutput implements ReaderOutput<MqttRecord> {
    final List<MqttRecord> records = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();

    List<String> payloads() {
      return records.stream().map(MqttRecord::payloadAsString).toList();
    }

    @Override
    public void collect(MqttRecord record) {
      collect(record, Long.MIN_VALUE);
    }

    @Override
    public void collect(MqttRecord record, long timestamp) {
      records.add(record);
      timestamps.add(timestamp);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<MqttRecord> createOutputForSplit(String splitId) {
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
  }

  private static final class FakeContext implements SourceReaderContext {
    private final SourceReaderMetricGroup metrics;

    FakeContext(SourceReaderMetricGroup metrics) {
      this.metrics = metrics;
    }

    @Override
    public SourceReaderMetricGroup metricGroup() {
      return metrics;
    }

    @Override
    public Configuration getConfiguration() {
      return new Configuration();
    }

    @Override
    public String getLocalHostName() {
      return "localhost";
    }

    @Override
    public int getIndexOfSubtask() {
      return 0;
    }

    @Override
    public void sendSplitRequest() {}

    @Override
    public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }
  }
}
