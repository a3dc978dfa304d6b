package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.core.DeadLetter;
import org.vigil.core.Frame;
import org.vigil.vision.Detection;
import org.vigil.vision.FrameAnalysis;
import org.vigil.vision.FrameDecodeException;
import org.vigil.vision.LevelOfService;
import org.vigil.vision.ZoneCount;

/** The analysis operator in Flink's operator harness, with a fake analyser whose speed the test controls. */
class FrameAnalysisOperatorTest {

  /** Analyses of every fake analyser, by capture time; a latch holds the first analysis until released. */
  static final List<Long> ANALYSED = new CopyOnWriteArrayList<>();
  static volatile CountDownLatch gate = new CountDownLatch(0);
  static volatile CountDownLatch started = new CountDownLatch(1);

  private OneInputStreamOperatorTestHarness<Frame, AnalysedFrame> harness;
  private FrameAnalysisOperator operator;

  /** A hand-written fake: one person per frame, "X..." bytes are undecodable. */
  static final class FakeAnalyzer implements FrameAnalyzer {
    @Override
    public FrameAnalysis analyze(byte[] jpeg, long ts) {
      started.countDown();
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (jpeg[0] == 'X') {
        throw new FrameDecodeException("undecodable", jpeg.length, "bad huffman table");
      }
      ANALYSED.add(ts);
      return new FrameAnalysis(ts, 768, 576, List.of(new Detection(10, 20, 30, 60, 1.0, "hog")), 1,
          List.of(new ZoneCount("frame", 1, 100, 0.01, LevelOfService.A, 0)), 0.5, 0.1, true, 2_000_000);
    }

    @Override
    public void close() {}
  }

  private void open(long maxAgeMs) throws Exception {
    ANALYSED.clear();
    CrowdOptions d = CrowdOptions.defaults();
    CrowdOptions options = new CrowdOptions(d.cameraJson(), 100, 0, maxAgeMs, 1);
    operator = new FrameAnalysisOperator(options, (site, cam, w, h) -> new FakeAnalyzer());
    harness = new OneInputStreamOperatorTestHarness<>(operator);
    harness.setProcessingTime(10_000);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    gate.countDown();
    harness.close();
  }

  private static StreamRecord<Frame> frame(String cam, long ts, String bytes) {
    return new StreamRecord<>(new Frame("plaza", cam, ts, ts / 100, 768, 576, bytes.getBytes(StandardCharsets.UTF_8)));
  }

  private List<AnalysedFrame> emitted(int n) throws Exception {
    long t = 10_000;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (harness.extractOutputValues().size() < n && System.nanoTime() < deadline) {
      t += FrameAnalysisOperator.EMIT_INTERVAL_MS;
      harness.setProcessingTime(t); // fires the emit timer
      Thread.sleep(5);
    }
    return harness.extractOutputValues();
  }

  @Test
  void whileTheAnalyserIsBusyOnlyTheNewestFrameWaitsAndTheRestAreDroppedAndCounted() throws Exception {
    gate = new CountDownLatch(1);
    started = new CountDownLatch(1);
    open(2_000);
    harness.processElement(frame("cam1", 9_500, "a"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue(); // the thread is inside analyze(9_500)
    harness.processElement(frame("cam1", 9_600, "b"));
    harness.processElement(frame("cam1", 9_700, "c")); // supersedes 9_600
    harness.processElement(frame("cam1", 9_800, "d")); // supersedes 9_700
    harness.processElement(frame("cam1", 9_700, "e")); // older than the newest seen (9_800)
    harness.processElement(frame("cam2", 7_000, "f")); // 3 s behind the clock (10_000), limit 2 s
    gate.countDown();

    List<AnalysedFrame> out = emitted(2);
    assertThat(out).extracting(AnalysedFrame::captureTsMs).containsExactly(9_500L, 9_800L);
    assertThat(ANALYSED).containsExactly(9_500L, 9_800L);
    // stale 4 = superseded 2 + older than seen 1 + too old 1
    assertThat(operator.dropCounts()).containsExactly(4, 2, 1);
    AnalysedFrame f = out.get(1);
    assertThat(f.subject()).isEqualTo("plaza/camera/cam1");
    assertThat(f.seq()).isEqualTo(98);
    assertThat(f.zones()).containsExactly(new AnalysedFrame.ZoneStat("frame", 1, 100, 0.01, "A", 0));
    assertThat(f.analysisMicros()).isEqualTo(2_000);
  }

  @Test
  void aFrameThatWaitedTooLongIsDroppedWhenItsTurnComes() throws Exception {
    gate = new CountDownLatch(1);
    started = new CountDownLatch(1);
    open(2_000);
    harness.processElement(frame("cam1", 9_900, "a"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    harness.processElement(frame("cam1", 9_950, "b")); // waits while 9_900 is analysed
    harness.setProcessingTime(12_000); // 2050 ms later the waiting frame is too old for its turn
    gate.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> operator.dropCounts()[2] == 1);
    assertThat(emitted(1)).extracting(AnalysedFrame::captureTsMs).containsExactly(9_900L);
    assertThat(operator.dropCounts()).containsExactly(1, 0, 1);
  }

  @Test
  void anUndecodableFrameBecomesADeadLetterAndTheCameraGoesOn() throws Exception {
    gate = new CountDownLatch(1);
    started = new CountDownLatch(1);
    open(0);
    harness.processElement(frame("cam1", 1_000, "Xcorrupt"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue(); // taken, so the next frame does not supersede it
    harness.processElement(frame("cam1", 1_000 + 1, "ok"));
    gate.countDown();
    // With age limit 0, frames 9 s old are analysed.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((harness.extractOutputValues().isEmpty() || harness.getSideOutput(FrameAnalysisOperator.DEAD_LETTERS) == null)
        && System.nanoTime() < deadline) {
      harness.setProcessingTime(harness.getProcessingTime() + 20);
      Thread.sleep(5);
    }
    List<DeadLetter> dead = harness.getSideOutput(FrameAnalysisOperator.DEAD_LETTERS).stream()
        .map(r -> ((StreamRecord<DeadLetter>) (Object) r).getValue()).toList();
    assertThat(dead).hasSize(1);
    DeadLetter d = dead.get(0);
    assertThat(d.reason()).isEqualTo(FrameAnalysisOperator.UNDECODABLE);
    assertThat(d.topic()).isEqualTo("vigil/plaza/camera/cam1/frame");
    assertThat(d.detail()).contains("bad huffman table").contains("frame captured 1000, seq 10");
    assertThat(d.payloadBytes()).isEqualTo(8);
    assertThat(harness.extractOutputValues()).extracting(AnalysedFrame::captureTsMs).containsExactly(1_001L);
  }
}
