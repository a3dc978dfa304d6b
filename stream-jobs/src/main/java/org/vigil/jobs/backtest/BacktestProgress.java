package org.vigil.jobs.backtest;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a running backtest, shown as a progress line on stderr. The backtest runs on a local Flink
 * (MiniCluster in this JVM), so the operators and the command share this one instance; on a remote cluster the
 * counters would stay at zero and only the final report counts.
 */
public final class BacktestProgress {

  /** The instance the operators count into. */
  public static final BacktestProgress INSTANCE = new BacktestProgress();

  final AtomicLong chunksTotal = new AtomicLong();
  final AtomicLong chunksDone = new AtomicLong();
  final AtomicLong readingsRead = new AtomicLong();
  final AtomicLong lateSkipped = new AtomicLong();
  final AtomicLong metricsJudged = new AtomicLong();
  final AtomicLong outOfOrder = new AtomicLong();
  final Set<String> sensors = ConcurrentHashMap.newKeySet();

  private BacktestProgress() {}

  /** Starts counting a new run. */
  public void reset(long chunks) {
    chunksTotal.set(chunks);
    chunksDone.set(0);
    readingsRead.set(0);
    lateSkipped.set(0);
    metricsJudged.set(0);
    outOfOrder.set(0);
    sensors.clear();
  }

  public long readingsRead() {
    return readingsRead.get();
  }

  public long lateSkipped() {
    return lateSkipped.get();
  }

  /** The sensors ({@code site/kind/sensorId}) that had readings. */
  public Set<String> sensors() {
    return Set.copyOf(sensors);
  }

  public long outOfOrder() {
    return outOfOrder.get();
  }

  /** One line such as {@code reading 120/204 chunks, 45,000 readings; judged 0 (x2 rulesets)}. */
  public String line() {
    return String.format("reading %d/%d chunks (kind x day), %,d readings; rules: %,d metrics judged (both rulesets)",
        chunksDone.get(), chunksTotal.get(), readingsRead.get(), metricsJudged.get());
  }

  /** Prints {@link #line()} to {@code err} every {@code periodMs} until interrupted; returns the thread. */
  public Thread showOn(PrintStream err, long periodMs) {
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          err.print("\r" + line() + "   ");
          err.flush();
          Thread.sleep(periodMs);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      err.println("\r" + line() + "   ");
    }, "backtest-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
