package org.vigil.ingest.mqtt.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.ingest.mqtt.source.MqttRecord;
import org.vigil.ingest.mqtt.source.MqttSource;
import org.vigil.ingest.mqtt.source.MqttSourceConfig;
import org.vigil.ingest.mqtt.source.MqttSourceException;
import org.vigil.ingest.mqtt.source.split.MqttSplit;

/** The reader's acknowledgement and back-pressure logic, with fake MQTT connections. */
@Timeout(30)
class MqttSourceReaderTest {

  private final Map<Integer, FakeConnection> connections = new ConcurrentHashMap<>();
  private final RecordingOutput output = new RecordingOutput();
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
            new FakeContext(),
            (split, queue, scheduler, onFatal) -> {
              FakeConnection c = new FakeConnection(split, queue, onFatal);
              connections.put(split.index(), c);
              return c;
            });
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

    c.onFatal.accept(new MqttSourceException("test-0", "refused", null));

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

  /** Records what the reader asks of a connection; {@link #deliver} plays Paho's callback thread. */
  private static final class FakeConnection implements SplitConnection {
    final MqttSplit split;
    final ReceiveQueue queue;
    final Consumer<Throwable> onFatal;
    final List<Integer> acked = new CopyOnWriteArrayList<>();
    final List<String> ackedWithGeneration = new CopyOnWriteArrayList<>();
    volatile long generation;
    volatile boolean started;
    volatile boolean closed;

    FakeConnection(MqttSplit split, ReceiveQueue queue, Consumer<Throwable> onFatal) {
      this.split = split;
      this.queue = queue;
      this.onFatal = onFatal;
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

    @Override
    public void ack(long gen, int messageId, int qos) {
      acked.add(messageId);
      ackedWithGeneration.add(gen + ":" + messageId);
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
    private final SourceReaderMetricGroup metrics = UnregisteredMetricsGroup.createSourceReaderMetricGroup();

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
