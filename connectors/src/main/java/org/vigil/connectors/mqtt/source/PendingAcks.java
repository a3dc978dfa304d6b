package org.vigil.connectors.mqtt.source;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bookkeeping of emitted QoS 1 messages not yet acknowledged, grouped by the checkpoint that covers them. Messages
 * emitted before {@code snapshotState(n)} belong to checkpoint {@code n}; when checkpoint {@code n} completes, every
 * message of checkpoints up to {@code n} may be acknowledged (a later completion also covers aborted earlier
 * checkpoints). Task thread only.
 */
final class PendingAcks {

  /** What is needed to acknowledge one message. */
  record Ack(int splitIndex, long generation, int messageId, int qos) {}

  private List<Ack> sinceLastSnapshot = new ArrayList<>();
  private final TreeMap<Long, List<Ack>> byCheckpoint = new TreeMap<>();
  private volatile int count; // written by the task thread only, read by metric reporters

  void add(Ack ack) {
    sinceLastSnapshot.add(ack);
    count = count + 1;
  }

  /** Messages added so far are covered by this checkpoint. */
  void snapshot(long checkpointId) {
    if (!sinceLastSnapshot.isEmpty()) {
      byCheckpoint.computeIfAbsent(checkpointId, id -> new ArrayList<>()).addAll(sinceLastSnapshot);
      sinceLastSnapshot = new ArrayList<>();
    }
  }

  /** Removes and returns, in emission order, the messages covered by checkpoints up to this one. */
  List<Ack> complete(long checkpointId) {
    List<Ack> done = new ArrayList<>();
    for (Iterator<Map.Entry<Long, List<Ack>>> it = byCheckpoint.headMap(checkpointId, true).entrySet().iterator();
        it.hasNext(); ) {
      done.addAll(it.next().getValue());
      it.remove();
    }
    count -= done.size();
    return done;
  }

  /** Emitted messages not yet acknowledged. */
  int count() {
    return count;
  }
}
