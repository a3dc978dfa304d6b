package org.vigil.connectors.mqtt.source.enumerator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

/**
 * Hands out one split (one MQTT client id) per parallel subtask: split {@code i} goes to subtask
 * {@code i % parallelism} when that reader registers. Splits come back here when a reader fails before the
 * checkpoint that recorded them ({@link #addSplitsBack}) and go out again when the reader registers again.
 *
 * <p>On a fresh start it creates {@code parallelism} splits. Restored with a higher parallelism it creates the
 * missing ones; with a lower parallelism Flink redistributes the readers' splits, so a reader may own several.
 * Readers never finish (the source is unbounded), so it never signals "no more splits".
 */
public final class MqttSplitEnumerator implements SplitEnumerator<MqttSplit, MqttEnumeratorState> {

  private static final Logger LOG = LoggerFactory.getLogger(MqttSplitEnumerator.class);

  private final SplitEnumeratorContext<MqttSplit> context;
  private int splitCount;
  private final TreeSet<Integer> unassigned;

  public MqttSplitEnumerator(SplitEnumeratorContext<MqttSplit> context, MqttEnumeratorState state) {
    this.context = context;
    this.splitCount = state.splitCount();
    this.unassigned = new TreeSet<>(state.unassigned());
  }

  @Override
  public void start() {
    int parallelism = context.currentParallelism();
    if (splitCount < parallelism) {
      LOG.info("Creating MQTT splits {}..{} for parallelism {}", splitCount, parallelism - 1, parallelism);
      for (int i = splitCount; i < parallelism; i++) {
        unassigned.add(i);
      }
      splitCount = parallelism;
    }
    assignUnassigned();
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    // Readers do not request splits: they are pushed on registration.
  }

  @Override
  public void addSplitsBack(List<MqttSplit> splits, int subtaskId) {
    LOG.info("MQTT splits {} of failed subtask {} come back for reassignment", splits, subtaskId);
    for (MqttSplit split : splits) {
      unassigned.add(split.index());
    }
    assignUnassigned();
  }

  @Override
  public void addReader(int subtaskId) {
    assignUnassigned();
  }

  /** Assigns each unassigned split {@code i} to subtask {@code i % parallelism} if that reader is registered. */
  private void assignUnassigned() {
    int parallelism = context.currentParallelism();
    Map<Integer, ?> registered = context.registeredReaders();
    Map<Integer, List<MqttSplit>> assignment = new HashMap<>();
    for (Iterator<Integer> it = unassigned.iterator(); it.hasNext(); ) {
      int index = it.next();
      int owner = index % parallelism;
      if (registered.containsKey(owner)) {
        assignment.computeIfAbsent(owner, k -> new ArrayList<>()).add(new MqttSplit(index));
        it.remove();
      }
    }
    if (!assignment.isEmpty()) {
      LOG.info("Assigning MQTT splits {}", assignment);
      context.assignSplits(new SplitsAssignment<>(assignment));
    }
  }

  @Override
  public MqttEnumeratorState snapshotState(long checkpointId) {
    return new MqttEnumeratorState(splitCount, unassigned);
  }

  @Override
  public void close() {}
}
