package org.vigil.console.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.jobs.backtest.BacktestJob;
import org.vigil.jobs.backtest.BacktestOptions;
import org.vigil.jobs.backtest.BacktestProgress;
import org.vigil.jobs.backtest.BacktestReport;

/**
 * Backtests started from the console, one at a time (the backtest's progress counters are one per JVM), each on a
 * thread of its own running {@link BacktestJob} in a local Flink batch job. The newest 20 runs are kept.
 */
public final class BacktestRuns {

  private static final Logger LOG = LoggerFactory.getLogger(BacktestRuns.class);
  private static final Pattern PROGRESS = Pattern.compile("reading (\\d+)/(\\d+) chunks");

  /** What the job does; tests replace it. */
  public interface Runner {
    BacktestJob.Result run(BacktestOptions o, RuleSet newRules, RuleSet againstRules) throws Exception;
  }

  /**
   * One run.
   *
   * @param id run id
   * @param user who started it
   * @param state running, done or failed
   * @param reportJson the report (BacktestReport JSON) when done
   * @param error why it failed
   * @param startedMs when it started
   * @param elapsedMs how long it took (so far)
   */
  public record Run(String id, String user, String state, String reportJson, String error, long startedMs,
      long elapsedMs) {}

  private final Runner runner;
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final AtomicReference<String> running = new AtomicReference<>();

  public BacktestRuns(Runner runner) {
    this.runner = runner;
  }

  /** The real backtest. */
  public static BacktestRuns local() {
    return new BacktestRuns((o, a, b) -> BacktestJob.run(o, a, b, false));
  }

  /**
   * Starts a run; empty when one is already running.
   *
   * @param onDone told the finished run (for the audit trail)
   */
  public Optional<Run> start(String user, BacktestOptions o, String newSource, RuleSet newRules,
      String againstSource, RuleSet againstRules, java.util.function.Consumer<Run> onDone) {
    String id = "bt-" + UUID.randomUUID().toString().substring(0, 8);
    if (!running.compareAndSet(null, id)) {
      return Optional.empty();
    }
    long started = System.currentTimeMillis();
    Run r = new Run(id, user, "running", null, null, started, 0);
    put(r);
    Thread t = new Thread(() -> {
      Run end;
      try {
        BacktestJob.Result result = runner.run(o, newRules, againstRules);
        String json = BacktestReport.of(o, newSource, newRules, againstSource, againstRules, result).json();
        end = new Run(id, user, "done", json, null, started, System.currentTimeMillis() - started);
      } catch (Exception | LinkageError e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        LOG.warn("backtest {} failed: {}", id, root.toString());
        end = new Run(id, user, "failed", null, root.getClass().getSimpleName() + ": " + root.getMessage(), started,
            System.currentTimeMillis() - started);
      } finally {
        running.set(null);
      }
      put(end);
      onDone.accept(end);
    }, "console-backtest-" + id);
    t.setDaemon(true);
    t.start();
    return Optional.of(r);
  }

  private void put(Run r) {
    synchronized (runs) {
      runs.put(r.id(), r);
      while (runs.size() > 20) {
        runs.remove(runs.keySet().iterator().next());
      }
    }
  }

  public Optional<Run> get(String id) {
    synchronized (runs) {
      Run r = runs.get(id);
      if (r != null && r.state().equals("running")) {
        r = new Run(r.id(), r.user(), r.state(), null, null, r.startedMs(), System.currentTimeMillis() - r.startedMs());
      }
      return Optional.ofNullable(r);
    }
  }

  /** The running backtest's progress: {@code {chunksDone, chunksTotal, line}}. */
  public static Map<String, Object> progress() {
    String line = BacktestProgress.INSTANCE.line();
    Matcher m = PROGRESS.matcher(line);
    long done = 0;
    long total = 0;
    if (m.find()) {
      done = Long.parseLong(m.group(1));
      total = Long.parseLong(m.group(2));
    }
    return Map.of("chunksDone", done, "chunksTotal", total, "line", line);
  }

}
