package org.vigil.connectors.mqtt.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Chained right after the source (same parallelism, forward), so its subtask index is the reader's. Records, per
 * test run, which sequence numbers arrived how often and on which subtask, and the last completed checkpoint each
 * subtask saw. Works because the MiniCluster runs in the test JVM.
 */
final class RecordingFunction extends RichMapFunction<MqttRecord, MqttRecord>
    implements CheckpointListener, CheckpointedFunction {

  private static final Map<String, RunLog> RUNS = new ConcurrentHashMap<>();

  /** What one job run received. Readings have seq >= 0, warm-up messages seq < 0. */
  static final class RunLog {
    final Map<Long, AtomicInteger> timesSeen = new ConcurrentHashMap<>();
    final AtomicIntegerArray readingsPerSubtask;
    final AtomicIntegerArray warmUpsPerSubtask;
    final AtomicLongArray completedCheckpoint;
    /** Most records (readings and warm-ups) one subtask passed between two checkpoint barriers. */
    final AtomicIntegerArray maxBetweenBarriers;

    RunLog(int parallelism) {
      readingsPerSubtask = new AtomicIntegerArray(parallelism);
      warmUpsPerSubtask = new AtomicIntegerArray(parallelism);
      completedCheckpoint = new AtomicLongArray(parallelism);
      maxBetweenBarriers = new AtomicIntegerArray(parallelism);
    }

    int distinctReadings() {
      return timesSeen.size();
    }

    /** Readings received, repeats included. */
    long totalRecords() {
      return timesSeen.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    long totalWarmUps() {
      long n = 0;
      for (int i = 0; i < warmUpsPerSubtask.length(); i++) {
        n += warmUpsPerSubtask.get(i);
      }
      return n;
    }

    long duplicates() {
      return timesSeen.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1).count();
    }

    boolean everySubtaskWarmedUp() {
      for (int i = 0; i < warmUpsPerSubtask.length(); i++) {
        if (warmUpsPerSubtask.get(i) == 0) {
          return false;
        }
      }
      return true;
    }

    long minCompletedCheckpoint() {
      long min = Long.MAX_VALUE;
      for (int i = 0; i < completedCheckpoint.length(); i++) {
        min = Math.min(min, completedCheckpoint.get(i));
      }
      return min;
    }

    long maxCompletedCheckpoint() {
      long max = 0;
      for (int i = 0; i < completedCheckpoint.length(); i++) {
        max = Math.max(max, completedCheckpoint.get(i));
      }
      return max;
    }
  }

  static RunLog newRun(String run, int parallelism) {
    RunLog log = new RunLog(parallelism);
    RUNS.put(run, log);
    return log;
  }

  static void forget(String run) {
    RUNS.remove(run);
  }

  private final String run;
  private transient RunLog log;
  private transient int subtask;
  private transient int sinceBarrier;

  RecordingFunction(String run) {
    this.run = run;
  }

  @Override
  public void open(OpenContext openContext) {
    log = RUNS.get(run);
    subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
  }

  @Override
  public MqttRecord map(MqttRecord record) {
    sinceBarrier++;
    long seq = seqOf(record.payloadAsString());
    if (seq < 0) {
      log.warmUpsPerSubtask.incrementAndGet(subtask);
    } else {
      log.timesSeen.computeIfAbsent(seq, s -> new AtomicInteger()).incrementAndGet();
      log.readingsPerSubtask.incrementAndGet(subtask);
    }
    return record;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) {
    log.maxBetweenBarriers.accumulateAndGet(subtask, sinceBarrier, Math::max);
    sinceBarrier = 0;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) {}

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    log.completedCheckpoint.accumulateAndGet(subtask, checkpointId, Math::max);
  }

  /** The {@code "seq"} field of a reading payload. */
  static long seqOf(String json) {
    int at = json.indexOf("\"seq\":");
    if (at < 0) {
      throw new IllegalArgumentException("no seq in " + json);
    }
    int start = at + 6;
    int end = start;
    while (end < json.length() && (json.charAt(end) == '-' || Character.isDigit(json.charAt(end)))) {
      end++;
    }
    return Long.parseLong(json.substring(start, end));
  }
}
