package org.vigil.jobs.crowd;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.DeadLetter;
import org.vigil.core.Frame;
import org.vigil.vision.FrameAnalysis;
import org.vigil.vision.FrameDecodeException;

/**
 * Analyses camera frames without ever building a backlog: per camera it keeps only the newest frame waiting, and
 * analysis threads beside the task thread take the waiting frames. A frame is dropped unanalysed, and counted in
 * {@code framesDroppedStale}, when
 *
 * <ul>
 *   <li>a newer frame of the same camera arrives while it waits ({@code framesDroppedSuperseded});
 *   <li>it is not newer than a frame of its camera already seen (replays, reordering);
 *   <li>it was captured more than {@link CrowdOptions#maxFrameAgeMs()} before the job's clock, on arrival or when
 *       a thread takes it ({@code framesDroppedTooOld}).
 * </ul>
 *
 * So the task thread does O(1) work per frame and keeps up with the source however slow the analysis is; the
 * analysis runs at its own pace on the newest frames. Results are emitted on the task thread from a processing-time
 * timer every {@value #EMIT_INTERVAL_MS} ms and before each checkpoint barrier. A frame whose image cannot be decoded
 * goes to {@link #DEAD_LETTERS} as {@value #UNDECODABLE} and is counted ({@code framesUndecodable},
 * {@code deadLetters}).
 *
 * <p>Frames are best effort: a frame waiting or in analysis when the job fails is not analysed after the restore
 * (it would be stale by then); the broker's copy was acknowledged with the checkpoint. Run it after a
 * {@code keyBy} on the camera so that each camera has one analyser, in one subtask; cameras spread over subtasks.
 */
public final class FrameAnalysisOperator extends AbstractStreamOperator<AnalysedFrame>
    implements OneInputStreamOperator<Frame, AnalysedFrame>, ProcessingTimeCallback {

  /** Frames that could not be analysed. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("crowd-dead-letters") {};

  /** Dead-letter reason of a frame whose image cannot be decoded. */
  public static final String UNDECODABLE = "frame_undecodable";

  /** Dead-letter reason of a frame the analyser failed on otherwise. */
  public static final String ANALYSIS_FAILED = "frame_analysis_failed";

  static final long EMIT_INTERVAL_MS = 20;

  /** Frames of one camera in a row too old on arrival before a warning. */
  static final int LATE_FRAMES_BEFORE_WARNING = 50;

  private static final Logger LOG = LoggerFactory.getLogger(FrameAnalysisOperator.class);

  private final CrowdOptions options;
  private final FrameAnalyzer.Factory factory;

  private transient Map<String, Long> newestSeen;
  private transient Map<String, Integer> lateInARow;
  private transient java.util.Set<String> warnedLate;
  private transient ConcurrentHashMap<String, Frame> waiting;
  private transient LinkedBlockingQueue<String> ready;
  private transient ConcurrentLinkedQueue<Object> results;
  private transient ConcurrentHashMap<String, FrameAnalyzer> analyzers;
  private transient ConcurrentHashMap<String, java.util.List<org.vigil.vision.CountingLine>> lineGeometry;
  private transient Thread[] workers;
  private transient volatile boolean running;
  private transient AtomicCounter droppedStale;
  private transient AtomicCounter droppedSuperseded;
  private transient AtomicCounter droppedTooOld;
  private transient Counter analysed;
  private transient Counter undecodable;
  private transient Counter analysisFailed;
  private transient java.util.concurrent.atomic.AtomicInteger inFlight;
  private transient Counter deadLetters;
  private transient Counter detectorRuns;
  private transient AtomicLong lastAnalysisMicros;

  public FrameAnalysisOperator(CrowdOptions options, FrameAnalyzer.Factory factory) {
    this.options = options;
    this.factory = factory;
  }

  @Override
  public void open() throws Exception {
    super.open();
    newestSeen = new HashMap<>();
    lateInARow = new HashMap<>();
    warnedLate = new java.util.HashSet<>();
    waiting = new ConcurrentHashMap<>();
    ready = new LinkedBlockingQueue<>();
    results = new ConcurrentLinkedQueue<>();
    analyzers = new ConcurrentHashMap<>();
    lineGeometry = new ConcurrentHashMap<>();
    MetricGroup g = getMetricGroup();
    droppedStale = g.counter("framesDroppedStale", new AtomicCounter());
    droppedSuperseded = g.counter("framesDroppedSuperseded", new AtomicCounter());
    droppedTooOld = g.counter("framesDroppedTooOld", new AtomicCounter());
    analysed = g.counter("framesAnalysed");
    undecodable = g.counter("framesUndecodable");
    detectorRuns = g.counter("detectorRuns");
    deadLetters = g.counter("deadLetters");
    g.addGroup("reason", UNDECODABLE).counter("deadLetters", undecodable);
    analysisFailed = g.addGroup("reason", ANALYSIS_FAILED).counter("deadLetters");
    lastAnalysisMicros = new AtomicLong();
    inFlight = new java.util.concurrent.atomic.AtomicInteger();
    g.gauge("lastAnalysisMs", () -> lastAnalysisMicros.get() / 1000.0);
    running = true;
    workers = new Thread[options.analysisThreads()];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Thread(this::work, "crowd-analysis-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
          + "-" + i);
      workers[i].setDaemon(true);
      workers[i].start();
    }
    scheduleEmit();
  }

  @Override
  public void processElement(StreamRecord<Frame> element) {
    Frame f = element.getValue();
    String key = f.subject();
    Long newest = newestSeen.get(key);
    if (newest != null && f.captureTsMs() <= newest) {
      drop(null, f);
      return;
    }
    newestSeen.put(key, f.captureTsMs());
    if (tooOld(f)) {
      drop(droppedTooOld, f);
      warnIfAlwaysLate(key, f);
      return;
    }
    lateInARow.remove(key);
    Frame superseded = waiting.put(key, f);
    if (superseded != null) {
      drop(droppedSuperseded, superseded);
    } else {
      ready.offer(key);
    }
  }

  /**
   * A camera whose every frame arrives too old has its clock behind the job's (or a broker backlog that never
   * drains): say so once instead of dropping its frames silently.
   */
  private void warnIfAlwaysLate(String key, Frame f) {
    int n = lateInARow.merge(key, 1, Integer::sum);
    if (n == LATE_FRAMES_BEFORE_WARNING && warnedLate.add(key)) {
      LOG.warn("camera {}: the last {} frames all arrived more than {} ms after their capture time (latest {} ms); "
              + "none was analysed. Is the camera's clock behind the job's (NTP)? VIGIL_CROWD_MAX_FRAME_AGE_MS=0 "
              + "turns the age limit off", key, n, options.maxFrameAgeMs(),
          getProcessingTimeService().getCurrentProcessingTime() - f.captureTsMs());
    }
  }

  private boolean tooOld(Frame f) {
    return options.maxFrameAgeMs() > 0
        && getProcessingTimeService().getCurrentProcessingTime() - f.captureTsMs() > options.maxFrameAgeMs();
  }

  private void drop(AtomicCounter why, Frame f) {
    if (why != null) {
      why.inc();
    }
    droppedStale.inc();
    if (f != null && LOG.isDebugEnabled()) {
      LOG.debug("dropped frame {} unanalysed", f);
    }
  }

  /** Analysis thread: takes the newest waiting frame of a camera, analyses it, queues the result. */
  private void work() {
    while (running) {
      String key;
      try {
        key = ready.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        continue;
      }
      inFlight.incrementAndGet();
      try {
        analyse(key);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private void analyse(String key) {
    Frame f = waiting.remove(key);
    if (f == null) {
      return;
    }
    if (tooOld(f)) {
      drop(droppedTooOld, f);
      return;
    }
    FrameAnalyzer a = analyzers.computeIfAbsent(key, k -> factory.create(f.site(), f.cameraId(), f.width(),
        f.height()));
    synchronized (a) {
      if (!running) {
        return;
      }
      try {
        FrameAnalysis r = a.analyze(f.jpeg(), f.captureTsMs());
        lastAnalysisMicros.set(r.analysisNanos() / 1000);
        results.add(AnalysedFrame.of(f.site(), f.cameraId(), f.seq(), r, lines(key, f)));
      } catch (FrameDecodeException e) {
        results.add(deadLetter(f, UNDECODABLE, e.getMessage()));
      } catch (RuntimeException e) {
        LOG.warn("analysis of {} failed", f, e);
        results.add(deadLetter(f, ANALYSIS_FAILED, "analysis failed: " + e));
      }
    }
  }

  /** The camera's counting lines as configured (for the detections' line segments); none when it has no config. */
  private java.util.List<org.vigil.vision.CountingLine> lines(String key, Frame f) {
    return lineGeometry.computeIfAbsent(key, k -> {
      try {
        return options.cameraConfig(f.cameraId(), f.width(), f.height()).lines();
      } catch (RuntimeException e) {
        return java.util.List.of();
      }
    });
  }

  private DeadLetter deadLetter(Frame f, String reason, String detail) {
    return f.deadLetter(reason, detail, getProcessingTimeService().getCurrentProcessingTime());
  }

  /** Counts for tests: {framesDroppedStale, framesDroppedSuperseded, framesDroppedTooOld}. */
  long[] dropCounts() {
    return new long[] {droppedStale.getCount(), droppedSuperseded.getCount(), droppedTooOld.getCount()};
  }

  @Override
  public void onProcessingTime(long time) {
    emitResults();
    if (running) {
      scheduleEmit();
    }
  }

  private void scheduleEmit() {
    getProcessingTimeService().registerTimer(
        getProcessingTimeService().getCurrentProcessingTime() + EMIT_INTERVAL_MS, this);
  }

  private void emitResults() {
    Object r;
    while ((r = results.poll()) != null) {
      if (r instanceof AnalysedFrame a) {
        analysed.inc();
        if (a.detectorRan()) {
          detectorRuns.inc();
        }
        output.collect(new StreamRecord<>(a));
      } else {
        DeadLetter d = (DeadLetter) r;
        (UNDECODABLE.equals(d.reason()) ? undecodable : analysisFailed).inc();
        deadLetters.inc();
        output.collect(DEAD_LETTERS, new StreamRecord<>(d));
      }
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    emitResults();
  }

  @Override
  public void finish() throws Exception {
    // End of a bounded input: give the threads the time one analysis takes to finish what is waiting.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((!waiting.isEmpty() || !ready.isEmpty() || inFlight.get() > 0) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    emitResults();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    running = false;
    if (workers != null) {
      for (Thread t : workers) {
        t.interrupt();
      }
      for (Thread t : workers) {
        t.join(5_000);
      }
    }
    if (analyzers != null) {
      for (FrameAnalyzer a : analyzers.values()) {
        synchronized (a) {
          a.close();
        }
      }
      analyzers.clear();
    }
    super.close();
  }

  /** A counter that analysis threads and the task thread may both increment. */
  static final class AtomicCounter implements Counter {
    private final AtomicLong n = new AtomicLong();

    @Override
    public void inc() {
      n.incrementAndGet();
    }

    @Override
    public void inc(long k) {
      n.addAndGet(k);
    }

    @Override
    public void dec() {
      n.decrementAndGet();
    }

    @Override
    public void dec(long k) {
      n.addAndGet(-k);
    }

    @Override
    public long getCount() {
      return n.get();
    }
  }
}
