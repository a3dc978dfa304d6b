package org.vigil.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.alerts.webhook.WebhookVerifier;
import org.vigil.core.Level;
import org.vigil.warning.broadcast.BroadcastMessage;
import org.vigil.warning.broadcast.BroadcastPolicy;
import org.vigil.warning.broadcast.Broadcaster;
import org.vigil.warning.broadcast.Coverage;
import org.vigil.warning.broadcast.Delivery;
import org.vigil.warning.broadcast.Loudspeaker;
import org.vigil.warning.broadcast.LoudspeakerFarm;
import org.vigil.warning.broadcast.RegionTree;

/**
 * Phase 8: a public warning to 2,000 loudspeakers (a county of 20 townships of 10 villages with 10 loudspeakers
 * each), simulated by local HTTP servers answering in 50 to 800 ms, 2.5 % of them failing (503 every time) and
 * 2.5 % hanging (never answering); then a storm of 50 warnings in a minute to overlapping areas with a red one in
 * the middle. Figures: time to confirmation per reachable loudspeaker (p50, p99, max), exactness of the coverage,
 * and the red warning's p99 inside the storm.
 */
final class BroadcastBench {

  static final int TOWNSHIPS = 20;
  static final int VILLAGES = 10;
  static final int PER_VILLAGE = 10;

  private BroadcastBench() {}

  static void run(Results.Phase p, boolean quick) throws Exception {
    Map<String, String> parentOf = new LinkedHashMap<>();
    Map<String, String> regionOf = new LinkedHashMap<>();
    Map<String, LoudspeakerFarm.Behaviour> behaviour = new LinkedHashMap<>();
    Random random = new Random(42);
    for (int t = 0; t < TOWNSHIPS; t++) {
      parentOf.put("t" + t, "county");
      for (int v = 0; v < VILLAGES; v++) {
        String village = "t" + t + "v" + v;
        parentOf.put(village, "t" + t);
        for (int l = 0; l < PER_VILLAGE; l++) {
          String id = village + "l" + l;
          regionOf.put(id, village);
          double r = random.nextDouble();
          behaviour.put(id, r < 0.025 ? LoudspeakerFarm.Behaviour.FAILING
              : r < 0.05 ? LoudspeakerFarm.Behaviour.HANGING : LoudspeakerFarm.Behaviour.OK);
        }
      }
    }
    long reachable = behaviour.values().stream().filter(b -> b == LoudspeakerFarm.Behaviour.OK).count();
    RegionTree tree = RegionTree.of(parentOf);
    String secret = WebhookSigner.generateSecret();
    Broadcaster.Options o = new Broadcaster.Options(Duration.ofSeconds(3), Duration.ofSeconds(1),
        Duration.ofSeconds(8), 4, 256);
    p.method(String.format(Locale.ROOT, "%d loudspeakers (%d townships x %d villages x %d) on 20 local HTTP servers"
        + " answering in 50-800 ms; %d failing (503) and %d hanging, drawn with seed 42; Broadcaster with %d in flight,"
        + " %s per attempt, %d attempts, backoff 1-8 s with full jitter; signed requests verified by every server",
        regionOf.size(), TOWNSHIPS, VILLAGES, PER_VILLAGE,
        behaviour.values().stream().filter(b -> b == LoudspeakerFarm.Behaviour.FAILING).count(),
        behaviour.values().stream().filter(b -> b == LoudspeakerFarm.Behaviour.HANGING).count(), o.concurrency(),
        o.requestTimeout(), o.maxAttempts()));
    Map<String, Map<String, Long>> confirmedAfter = new ConcurrentHashMap<>();
    try (LoudspeakerFarm farm = new LoudspeakerFarm(regionOf, behaviour, 50, 800, 20,
        new WebhookVerifier(List.of(secret)));
        Broadcaster b = new Broadcaster(new WebhookSigner(List.of(secret)), o, Clock.systemUTC(), d -> {
          if (d.status() == Delivery.Status.CONFIRMED) {
            confirmedAfter.computeIfAbsent(d.identifier(), k -> new ConcurrentHashMap<>())
                .put(d.loudspeakerId(), d.latencyMs());
          }
        })) {
      List<Loudspeaker> all = farm.loudspeakers();
      // 1. One county-wide red warning to every loudspeaker.
      Log.say("  one warning to %,d loudspeakers...", all.size());
      b.start(message("county.1", Level.RED, "county"), all);
      b.awaitComplete("county.1", Duration.ofMinutes(3));
      Coverage c = b.coverage("county.1").orElseThrow();
      List<Long> lat = new ArrayList<>(confirmedAfter.getOrDefault("county.1", Map.of()).values());
      double p99 = Stats.percentile(lat, 99);
      p.figures.put("oneWarningP99Ms", p99);
      p.row("one warning: confirmed / reachable", String.format(Locale.ROOT, "%,d / %,d (coverage %d of %d, %d gave"
          + " up, %d pending)", c.confirmed(), reachable, c.confirmed(), c.targets(), c.gaveUp(), c.pending()),
          "all reachable, exact", c.confirmed() == reachable && c.gaveUp() == c.targets() - reachable ? "yes" : "NO");
      p.row("one warning: time to confirmation p50 / p99 / max", String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms",
          Stats.percentile(lat, 50), p99, Stats.percentile(lat, 100)), "p99 < 10 s", p99 < 10_000 ? "yes" : "NO");
      Log.say("  confirmed %,d of %,d reachable; p99 %.0f ms", c.confirmed(), reachable, p99);

      // 2. A storm: 50 warnings in a minute (quick: 10 s) to overlapping townships, a red one in the middle.
      BroadcastPolicy policy = BroadcastPolicy.defaults();
      int warnings = 50;
      long spanMs = quick ? 10_000 : 60_000;
      String red = null;
      long t0 = System.currentTimeMillis();
      for (int i = 0; i < warnings; i++) {
        long due = t0 + i * spanMs / warnings;
        Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
        boolean isRed = i == warnings / 2;
        Level level = isRed ? Level.RED : Level.ORANGE;
        // Every warning goes to one of four townships in turn, so they overlap; the red one reaches its village's
        // township by the default policy (red: one level up from the village).
        String target = isRed ? policy.reach("t" + (i % 4) + "v0", level, tree).orElseThrow() : "t" + (i % 4);
        String id = "storm" + i + ".1";
        if (isRed) {
          red = id;
        }
        b.start(message(id, level, target), BroadcastPolicy.within(target, all, tree));
      }
      for (int i = 0; i < warnings; i++) {
        b.awaitComplete("storm" + i + ".1", Duration.ofMinutes(3));
      }
      List<Long> redLat = new ArrayList<>(confirmedAfter.getOrDefault(red, Map.of()).values());
      List<Long> otherLat = new ArrayList<>();
      for (int i = 0; i < warnings; i++) {
        if (!("storm" + i + ".1").equals(red)) {
          otherLat.addAll(confirmedAfter.getOrDefault("storm" + i + ".1", Map.of()).values());
        }
      }
      double redP99 = Stats.percentile(redLat, 99);
      double otherP99 = Stats.percentile(otherLat, 99);
      Coverage rc = b.coverage(red).orElseThrow();
      p.figures.put("stormRedP99Ms", redP99);
      p.figures.put("stormOthersP99Ms", otherP99);
      p.row("storm: red warning's time to confirmation p99", String.format(Locale.ROOT, "%.0f ms (%,d confirmed of %,d"
          + " targets; the %d orange ones: p99 %.0f ms over %,d deliveries)", redP99, rc.confirmed(), rc.targets(),
          warnings - 1, otherP99, otherLat.size()), "p99 < 10 s", redP99 < 10_000 ? "yes" : "NO");
    }
  }

  static BroadcastMessage message(String id, Level level, String region) {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("zh-CN", "请立即按标明的撤离路线撤离到安置点。");
    texts.put("en-US", "Leave the area now by the marked evacuation route.");
    return new BroadcastMessage(id, id, "Alert", level, region, texts, System.currentTimeMillis());
  }
}
