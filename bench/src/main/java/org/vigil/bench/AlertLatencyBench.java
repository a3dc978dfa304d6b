package org.vigil.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.alerts.webhook.ReceivedWebhook;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.topics.Topics;
import org.vigil.core.settings.WebhookSettings;

/**
 * Phase 3, alert latency: while a background load of dry rain readings (device time = now, no alerts) runs at a fixed
 * rate, water-level probes cross the default ruleset's {@code water-level} red threshold (3.5 m), ten a second: probe
 * n reports 1.0 m, and 1 s later 3.6 m, and nothing more. Each probe crosses once, so noise control sees a steady
 * stream of fresh red alerts, none flapping (in the benchmark's third round each of 20 probes crossed red and back every
 * 5 s, a flapping signal that noise control rightly held back after three transitions). Latency = arrival of the
 * signed webhook at a local {@link WebhookReceiver} (verified) - the device timestamp of the reading that crossed,
 * for every opened {@code water-level} transition.
 */
final class AlertLatencyBench {

  private static final int PROBES_PER_S = 10;

  private AlertLatencyBench() {}

  record Outcome(double p50, double p95, double p99, int samples, double backgroundRate) {}

  static Outcome run(Services s, Results.Phase p, String variant, Map<String, String> extra, double rate,
      int seconds, Path logDir) throws Exception {
    int sensors = (int) Math.max(1, rate); // one reading a second per background sensor
    p.method(String.format(Locale.ROOT, "[%s] background: %,.0f rain readings/s (%,d sensors, one a second each, "
        + "device time = now, dry, 2 Paho clients) for a warm-up of up to 30 s (probes from its last 10 s on, not "
        + "counted: the first alerts of a started job pay for loading and compiling the alert path, reported apart "
        + "as the first alert's latency) and then %d s with probes: %d "
        + "water-level sensors a second, each reporting 1.0 m and 1 s later 3.6 m, once (water-level red raise 3.5: "
        + "a fresh red alert, never flapping); latency from the crossing report's device time to the verified "
        + "webhook; job settings %s", variant, rate,
        sensors, seconds, PROBES_PER_S, extra.isEmpty() ? "default" : extra));
    String db = "bench_alerts";
    Influx influx = s.influx();
    s.freshDatabase(db);
    s.freshBroker();
    String secret = WebhookSigner.generateSecret();
    Set<Long> probeTimes = ConcurrentHashMap.newKeySet();
    Set<Long> warmProbeTimes = ConcurrentHashMap.newKeySet();
    try (WebhookReceiver receiver = WebhookReceiver.start(0, List.of(secret), null)) {
      Map<String, String> settings = EndToEndBench.jobSettings(s, db, "bench-alerts");
      settings.put(WebhookSettings.URLS.key(), receiver.url().toString());
      settings.put(WebhookSettings.ALLOW_NETWORKS.key(), "loopback"); // the receiver is on this machine
      settings.put(WebhookSettings.SECRET.key(), secret);
      settings.putAll(extra);
      try (JobProcess job = JobProcess.start(s.repo, logDir.resolve("job-alerts-" + variant + ".log"), settings,
              5_000, null);
          Publisher bg = new Publisher(s.mqttUrl(), "bench-bg-pub", 2, 1_000);
          Publisher probes = new Publisher(s.mqttUrl(), "bench-probe-pub", 1, 100)) {
        job.awaitStarted(90);
        long now0 = System.currentTimeMillis();
        probes.awaitSubscriber(new Publisher.Message(Topics.reading("bench-a", "level", "probe-0"),
            Payloads.level(now0, 0, 1.0)), 60_000);
        // The background runs for a warm-up first (the job JVM's JIT compilers otherwise take a large share of the
        // two cores in the first half minute); probes, latencies and CPU count only after it.
        long warm = Math.min(30, seconds / 2) * 1000L;
        long t0 = System.currentTimeMillis() + warm;
        long end = t0 + seconds * 1000L;
        Log.say("  [%s] background at %,.0f readings/s; %d s warm-up, then %d s with probes", variant, rate,
            warm / 1000, seconds);
        Thread background = new Thread(() -> {
          try {
            long[] last = new long[sensors];
            bg.send(0, Long.MAX_VALUE, rate, i -> Payloads.liveReading(i, last),
                () -> System.currentTimeMillis() < end);
            bg.drain(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "bench-background");
        background.start();
        // Probes start in the warm-up's last 10 s: their alerts warm the alert path and are not counted.
        long probesFrom = t0 - Math.min(10_000L, warm / 2);
        Thread.sleep(Math.max(0, probesFrom - System.currentTimeMillis()));
        long ackedAtStart = -1;
        CpuMeter cpu = CpuMeter.forRun(s, "job", job.pid());
        // Every 100 ms: probe n's calm report, and the crossing of probe n - PROBES_PER_S, whose calm report went 1 s
        // before. Ten a second, so that p99 is not the slowest one or two alerts of the run (a quick run has 250).
        long n = 0;
        long nextProbe = probesFrom;
        while (System.currentTimeMillis() < end) {
          long wait = nextProbe - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
          long ts = System.currentTimeMillis();
          if (ackedAtStart < 0 && ts >= t0) {
            ackedAtStart = bg.acked.get();
            cpu.start();
          }
          long calm = n;
          probes.send(2 * n, 2 * n + 1, 0, i -> new Publisher.Message(Topics.reading("bench-a", "level", "probe-" + calm),
              Payloads.level(ts, 1, 1.0)), () -> true);
          if (n >= PROBES_PER_S) {
            long crossing = n - PROBES_PER_S;
            (ts >= t0 ? probeTimes : warmProbeTimes).add(ts);
            probes.send(2 * n + 1, 2 * n + 2, 0, i -> new Publisher.Message(
                Topics.reading("bench-a", "level", "probe-" + crossing), Payloads.level(ts, 2, 3.6)), () -> true);
          }
          n++;
          nextProbe += 1000 / PROBES_PER_S;
        }
        background.join();
        cpu.stop();
        double achieved = (bg.acked.get() - ackedAtStart) / (double) seconds;
        Thread.sleep(5_000); // let the last webhooks arrive
        List<Long> latencies = new ArrayList<>();
        List<long[]> slowest = new ArrayList<>(); // {latency, device time of the crossing}
        long firstAlertAt = Long.MAX_VALUE;
        long firstAlertMs = -1;
        int unmatched = 0;
        for (ReceivedWebhook w : receiver.received()) {
          AlertEvent e = w.event();
          if (!w.verified() || w.duplicate() || e == null || !"water-level".equals(e.rule())
              || !e.subject().contains("probe") || e.state() != AlertState.OPENED) {
            continue;
          }
          if (probeTimes.contains(e.updatedAtMs())) {
            latencies.add(w.receivedAt().toEpochMilli() - e.updatedAtMs());
            slowest.add(new long[] {w.receivedAt().toEpochMilli() - e.updatedAtMs(), e.updatedAtMs()});
          } else if (warmProbeTimes.contains(e.updatedAtMs())) {
            if (e.updatedAtMs() < firstAlertAt) {
              firstAlertAt = e.updatedAtMs();
              firstAlertMs = w.receivedAt().toEpochMilli() - e.updatedAtMs();
            }
          } else {
            unmatched++;
          }
        }
        long stored = influx.count(db, "rain", "rain_mm");
        Outcome o = new Outcome(Stats.percentile(latencies, 50), Stats.percentile(latencies, 95),
            Stats.percentile(latencies, 99), latencies.size(), achieved);
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("backgroundTarget", rate);
        f.put("backgroundAchieved", Math.round(achieved));
        f.put("backgroundPublished", bg.acked.get());
        f.put("backgroundStoredAtEnd", stored);
        f.put("probeReadings", probeTimes.size());
        f.put("transitionsMeasured", latencies.size());
        f.put("transitionsUnmatched", unmatched);
        f.put("p50Ms", o.p50());
        f.put("p95Ms", o.p95());
        f.put("p99Ms", o.p99());
        f.put("maxMs", latencies.stream().mapToLong(Long::longValue).max().orElse(-1));
        f.put("firstAlertMs", firstAlertMs);
        f.put("warmUpAlerts", warmProbeTimes.size());
        // The ten slowest with their device times, to set beside the job log's checkpoints and collections.
        slowest.sort((a, b) -> Long.compare(b[0], a[0]));
        f.put("slowest", slowest.stream().limit(10).map(a -> a[0] + " ms at " + java.time.Instant.ofEpochMilli(a[1]))
            .toList());
        f.put("settings", extra);
        p.figures.put(variant, f);
        String tag = "[" + variant + "] ";
        p.row(tag + "background load published", String.format(Locale.ROOT, "%,.0f readings/s", achieved),
            ">= 5,000/s", achieved >= 5_000 ? "yes" : "NO");
        p.row(tag + "  job kept up (stored 5 s after the end)", String.format(Locale.ROOT, "%,d of %,d", stored,
            bg.acked.get()), ">= 99 %", stored >= 0.99 * bg.acked.get() ? "yes" : "NO");
        p.row(tag + "alert latency p50 / p95 / p99", String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms (%d alerts)",
            o.p50(), o.p95(), o.p99(), latencies.size()), "p99 < 500 ms", o.p99() < 500 ? "yes" : "NO");
        p.row(tag + "  the job's first alert (in the warm-up, not counted above)", firstAlertMs < 0 ? "none arrived"
            : String.format(Locale.ROOT, "%,d ms", firstAlertMs));
        cpu.report(p, tag, Math.max(1, bg.acked.get() - ackedAtStart));
        p.figures.put(variant + "Cpu", p.figures.remove("cpu"));
        return o;
      }
    }
  }
}
