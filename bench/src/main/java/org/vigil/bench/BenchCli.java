package org.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vigil.core.settings.JobSettings;

/**
 * {@code ./vigil bench}: measures, in one run on one machine, the raw limits of the broker and the database, Vigil end
 * to end, alert latency under load, vision, memory at steady state and a Node-RED peer, printing the method and
 * progress as it goes, and writes {@code bench/results/<date>.{md,json}}; when named, also a reconnect storm, a public
 * warning's fan-out, a county-scale registry, a backfill, scale to 100,000 sensors and the job in a Flink cluster of
 * one taskmanager process against two.
 *
 * <pre>
 *   --quick          short budgets (develop and check the command; figures are indicative only)
 *   --phases 1,2,..  run only these phases (default: 1-6; phase 7, the reconnect storm on a broker with TLS and
 *                    2,000 device identities, phase 8, a public warning to 2,000 loudspeakers, phase 9, a registry of
 *                    2,000 sites and 20,000 devices, phase 10, a gateway's multi-day backfill against the live
 *                    rate, phase 11, scale to 100,000 sensors, and phase 12, the job in a Flink cluster of 1
 *                    taskmanager process against 2, only when named: --phases 7,8,9,10,11,12)
 *   --scale-sensors N,N,..  phase 11's fleet sizes (multiples of 1,000; default 10000,30000,100000)
 *   --scale-heap -XmxS      phase 11's job heap (default -Xmx2g; the other phases' jobs have -Xmx1g)
 *   --out DIR        where the results go (default bench/results)
 *   --no-profile     do not record the job of phase 2 with Java Flight Recorder
 *   --latency-background N  background readings/s of phase 3 (default 5,200; less to see the pipeline's own latency)
 *   --set KEY=VALUE  a job setting for every phase's job (repeatable), e.g. VIGIL_CHECKPOINT_INTERVAL_MS=5000
 *   --e2e-readings N measured readings of phases 2, 6 and 12 (each configuration of 12) (default 300,000;
 *                    --quick 100,000), after the same warm-up (100,000; --quick 40,000)
 * </pre>
 *
 * Ports: VIGIL_BENCH_MQTT_PORT, VIGIL_BENCH_INFLUX_PORT, VIGIL_BENCH_INFLUX_RPC_PORT (set by ./vigil);
 * VIGIL_BENCH_SECURE_MQTT_PORT (default 18842) for phase 7's broker.
 */
public final class BenchCli {

  /** Time budgets of one mode. */
  /** Phase budgets; phases 2 and 6 get the same warm-up readings (not counted) before their measured ones. */
  record Budget(int mqttSeconds, int influxSeconds, long warmupReadings, long e2eReadings, long e2eSeconds,
      long peerReadings, long peerSeconds, int latencySeconds, int memorySeconds, int memoryWarmup) {}

  static final Budget FULL = new Budget(20, 15, 100_000, 300_000, 150, 300_000, 150, 60, 330, 30);
  static final Budget QUICK = new Budget(8, 6, 40_000, 100_000, 90, 100_000, 90, 25, 60, 20);

  private BenchCli() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    boolean profile = true;
    long e2eReadings = 0;
    double latencyBackground = 5_200;
    Set<String> defaults = new LinkedHashSet<>(List.of("1", "2", "6", "3", "4", "5"));
    Set<String> phases = new LinkedHashSet<>(defaults);
    int[] scaleSensors = ScaleBench.SENSORS;
    String scaleHeap = ScaleBench.HEAP;
    Path repo = Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath().normalize();
    Path out = repo.resolve("bench/results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--no-profile" -> profile = false;
        case "--e2e-readings" -> e2eReadings = Long.parseLong(args[++i]);
        case "--latency-background" -> latencyBackground = Double.parseDouble(args[++i]);
        case "--set" -> {
          String kv = args[++i];
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            System.err.println("bench: --set wants KEY=VALUE (a job setting, e.g. VIGIL_CHECKPOINT_INTERVAL_MS=5000)");
            System.exit(2);
          }
          EndToEndBench.OVERRIDES.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--phases" -> {
          Set<String> want = new LinkedHashSet<>(List.of(args[++i].split(",")));
          for (String w : want) {
            if (!w.matches("[1-9]|1[012]")) {
              System.err.println("bench: no phase '" + w + "' (phases are 1 to 12)");
              System.exit(2);
            }
          }
          phases = new LinkedHashSet<>(List.of("1", "2", "6", "3", "4", "5", "7", "8", "9", "10", "11", "12"));
          phases.retainAll(want);
        }
        case "--scale-sensors" -> {
          scaleSensors = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
          if (java.util.Arrays.stream(scaleSensors).anyMatch(n -> n < 1_000 || n % 1_000 != 0)) {
            System.err.println("bench: --scale-sensors wants multiples of 1000 (sites of 500 rain + 500 slope sensors)");
            System.exit(2);
          }
        }
        case "--scale-heap" -> {
          scaleHeap = args[++i];
          if (!scaleHeap.matches("-Xmx[0-9]+[kmgKMG]?")) {
            System.err.println("bench: --scale-heap wants a heap option such as -Xmx2g");
            System.exit(2);
          }
        }
        case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
        case "-h", "--help" -> {
          System.out.println("usage: ./vigil bench [--quick] [--phases 1,2,...,12] [--out DIR] [--no-profile] "
              + "[--e2e-readings N] [--latency-background N] [--set KEY=VALUE]... [--scale-sensors N,N,...] "
              + "[--scale-heap -XmxS]");
          System.out.println("phases 1-6 by default; 7-12 only when named: 7 reconnect storm, 8 public warning fan-out, "
              + "9 registry at county scale, 10 backfill, 11 scale to 100,000 sensors, 12 the job in a Flink cluster "
              + "of 1 taskmanager process against 2 (BENCHMARKS.md)");
          return;
        }
        default -> {
          System.err.println("bench: unknown option '" + args[i] + "' (--help)");
          System.exit(2);
        }
      }
    }
    Budget b = quick ? QUICK : FULL;
    if (e2eReadings > 0) { // e.g. a longer before/after comparison of the job alone
      b = new Budget(b.mqttSeconds(), b.influxSeconds(), b.warmupReadings(), e2eReadings,
          Math.max(b.e2eSeconds(), e2eReadings / 1_000), e2eReadings, Math.max(b.peerSeconds(), e2eReadings / 1_000),
          b.latencySeconds(), b.memorySeconds(), b.memoryWarmup());
    }
    Services s = new Services(repo, port("VIGIL_BENCH_MQTT_PORT", 18841), port("VIGIL_BENCH_INFLUX_PORT", 18097),
        port("VIGIL_BENCH_INFLUX_RPC_PORT", 18099));
    Path logs = s.state.resolve("logs");
    Files.createDirectories(logs);
    // An interrupted bench (Ctrl-C, kill) stops what it started: the job JVMs, Node-RED and other child processes,
    // and the broker and database, which run detached (not its children) and were left running before.
    Thread cleanup = new Thread(() -> {
      ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
      s.stop();
    }, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);

    Results results = new Results();
    String date = LocalDate.now().toString();
    results.run.put("date", date);
    results.run.put("startedAt", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
    results.run.put("mode", quick ? "quick" : "full");
    results.run.put("machine", Machine.describe());
    results.run.put("budgets", b);
    results.run.put("jobSettings", EndToEndBench.OVERRIDES);
    Log.say("Vigil benchmark, %s mode, phases %s; machine: %s%s", quick ? "quick" : "full", phases, Machine.describe(),
        EndToEndBench.OVERRIDES.isEmpty() ? "" : "; job settings " + EndToEndBench.OVERRIDES);
    if (quick) {
      Log.say("quick mode: short budgets to check the command; the figures are indicative only");
    }
    long start = System.currentTimeMillis();
    s.start();
    double mqttRaw = Double.NaN;
    double influxRaw = Double.NaN;
    double vigil = Double.NaN;
    double peer = Double.NaN;
    double peerOthersUs = Double.NaN; // CPU per reading of broker, database and publishers in the peer's run
    double vigilUs = Double.NaN; // the job's CPU per reading, phase 2
    double peerUs = Double.NaN; // Node-RED's CPU per reading, phase 6
    try {
      for (String id : phases) {
        Results.Phase p = results.phase(id, title(id));
        Log.say("phase %s: %s (load average %s)", id, p.title, Machine.load());
        p.loadBefore = Machine.load();
        long t0 = System.currentTimeMillis();
        try {
          switch (id) {
            case "1" -> {
              mqttRaw = MqttRawBench.run(s, p, b.mqttSeconds(), 2, 2, 1_000);
              influxRaw = InfluxRawBench.run(s, p, b.influxSeconds(), 3, 5_000);
            }
            case "2" -> {
              Path jfr = profile ? logs.resolve("job-e2e.jfr") : null;
              if (jfr != null) {
                Files.deleteIfExists(jfr);
              }
              vigil = EndToEndBench.run(s, p, b.warmupReadings(), b.e2eReadings(), b.e2eSeconds(), jfr, logs);
              vigilUs = consumerCpuUs(p, "job");
              if (jfr != null && Files.exists(jfr)) {
                p.method("profile: the job JVM ran with -XX:StartFlightRecording (settings=profile); "
                    + s.repo.toAbsolutePath().relativize(jfr.toAbsolutePath()));
                for (String line : JfrSummary.summarise(jfr, 12, (Long) p.figures.get("measuredFromMs"),
                    (Long) p.figures.get("measuredToMs"))) {
                  p.note("JFR " + line);
                }
              }
            }
            case "3" -> {
              AlertLatencyBench.run(s, p, "defaults", Map.of(), latencyBackground, b.latencySeconds(), logs);
              AlertLatencyBench.run(s, p, "max-wait-250ms", Map.of(JobSettings.ANALYTICS_MAX_WAIT_MS.key(), "250"),
                  latencyBackground, b.latencySeconds(), logs);
            }
            case "4" -> VisionBench.run(repo, p);
            case "5" -> MemoryBench.run(s, p, b.memorySeconds(), b.memoryWarmup(), logs);
            case "6" -> {
              peer = NodeRedBench.run(s, p, b.warmupReadings(), b.peerReadings(), b.peerSeconds(), logs);
              peerOthersUs = othersCpuUs(p);
              peerUs = consumerCpuUs(p, "node-red");
            }
            case "7" -> ReconnectStormBench.run(repo, p, quick ? 5 : 10, quick ? 60 : 90);
            case "8" -> BroadcastBench.run(p, quick);
            case "9" -> RegistryScaleBench.run(p);
            case "10" -> BackfillBench.run(s, p, b.warmupReadings(), quick ? 40_000 : 100_000,
                quick ? 30_000 : 100_000, b.e2eSeconds(), logs);
            case "11" -> ScaleBench.run(s, p, quick, scaleSensors, scaleHeap, logs);
            case "12" -> ClusterBench.run(s, p, b.warmupReadings(), b.e2eReadings(), b.e2eSeconds(), b.mqttSeconds(),
                logs);
            default -> throw new IllegalArgumentException("no phase " + id);
          }
        } catch (Exception e) {
          p.error = e.getClass().getSimpleName() + ": " + e.getMessage();
          Log.say("phase %s FAILED: %s", id, p.error);
          e.printStackTrace(System.out);
        }
        p.seconds = (System.currentTimeMillis() - t0) / 1000.0;
        p.loadAfter = Machine.load();
        Log.say("phase %s done in %.0f s (load average %s)", id, p.seconds, p.loadAfter);
      }
      Results.Phase v = results.phase("=", "verdicts");
      v.loadBefore = Machine.load();
      v.loadAfter = v.loadBefore;
      double lower = Math.min(mqttRaw, influxRaw);
      if (!Double.isNaN(vigil) && !Double.isNaN(lower)) {
        double ratio = vigil / lower;
        v.figures.put("vigilToLowerRawLimit", Stats.round(ratio, 3));
        v.row("Vigil / lower raw limit", String.format(Locale.ROOT, "%.0f %% (%,.0f of %,.0f/s, %s)", 100 * ratio,
            vigil, lower, mqttRaw <= influxRaw ? "MQTT" : "InfluxDB"), ">= 50 %", ratio >= 0.5 ? "yes" : "NO");
      }
      if (!Double.isNaN(vigil) && !Double.isNaN(peer)) {
        double ratio = vigil / peer;
        v.figures.put("vigilToNodeRed", Stats.round(ratio, 2));
        v.row("Vigil / Node-RED", String.format(Locale.ROOT, "%.2f x (%,.0f vs %,.0f readings/s)", ratio, vigil, peer),
            ">= 1 x", ratio >= 1 ? "yes" : "NO");
        if (!Double.isNaN(vigilUs) && !Double.isNaN(peerUs)) {
          double cpu = vigilUs / peerUs;
          v.figures.put("jobToNodeRedCpuPerReading", Stats.round(cpu, 2));
          v.row("job / Node-RED CPU per reading", String.format(Locale.ROOT, "%.2f x (%.0f vs %.0f us)", cpu, vigilUs,
              peerUs), "<= 1.3 x", cpu <= 1.3 ? "yes" : "NO");
        }
        if (!Double.isNaN(lower)) {
          // Whether the target can be met at all here: no subscriber stores more than the broker delivers.
          double peerShare = peer / lower;
          v.figures.put("nodeRedToLowerRawLimit", Stats.round(peerShare, 3));
          v.row("  Node-RED / lower raw limit", String.format(Locale.ROOT, "%.0f %%: 2 x Node-RED = %,.0f/s is %s the "
              + "lower raw limit (%,.0f/s)", 100 * peerShare, 2 * peer, 2 * peer > lower ? "above" : "within", lower));
        }
        if (!Double.isNaN(peerOthersUs)) {
          // The CPU that broker, database and publishers alone need at twice the peer's rate, on this machine's cores.
          double cores = 2 * peer * peerOthersUs / 1e6;
          int have = Runtime.getRuntime().availableProcessors();
          v.figures.put("coresForOthersAtTwiceNodeRed", Stats.round(cores, 2));
          v.row("  cores broker + database + publishers need at 2 x Node-RED", String.format(Locale.ROOT,
              "%.2f of %d (%.0f us a reading in the peer's run, consumer not counted)", cores, have, peerOthersUs),
              "<= " + have, cores <= have ? "feasible" : "NOT feasible");
        }
      }
    } finally {
      s.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // shutting down: the hook stops them
      }
      long total = (System.currentTimeMillis() - start) / 1000;
      results.run.put("totalSeconds", total);
      results.run.put("loadAtEnd", Machine.load());
      // A run of some phases only gets its own name, so it never replaces the day's full results.
      boolean allPhases = phases.equals(defaults);
      String stem = date + (quick ? "-quick" : "") + (allPhases ? "" : "-phases-" + String.join("", phases));
      Path md = out.resolve(stem + ".md");
      Path json = out.resolve(stem + ".json");
      results.write(md, json);
      Log.say("done in %d s (load average %s); results: %s, %s", total, Machine.load(), md, json);
      System.out.println();
      System.out.println(results.markdown().split("\n## ")[0]);
    }
  }

  /** The consumer's ({@code job}, {@code node-red}) CPU microseconds per reading in a throughput phase, or NaN. */
  static double consumerCpuUs(Results.Phase p, String consumer) {
    return p.figures.get("cpu") instanceof Map<?, ?> cpu && cpu.get(consumer + "CpuUsPerReading") instanceof Number n
        ? n.doubleValue() : Double.NaN;
  }

  /** Mosquitto + InfluxDB + publishers CPU microseconds per reading recorded in a throughput phase, or NaN. */
  @SuppressWarnings("unchecked")
  static double othersCpuUs(Results.Phase p) {
    if (!(p.figures.get("cpu") instanceof Map<?, ?> cpu)) {
      return Double.NaN;
    }
    double sum = 0;
    for (String k : List.of("mosquittoCpuUsPerReading", "influxdbCpuUsPerReading", "publishersCpuUsPerReading")) {
      if (!(cpu.get(k) instanceof Number n)) {
        return Double.NaN;
      }
      sum += n.doubleValue();
    }
    return sum;
  }

  static String title(String id) {
    return switch (id) {
      case "1" -> "raw limits";
      case "2" -> "Vigil end to end";
      case "3" -> "alert latency";
      case "4" -> "vision";
      case "5" -> "memory";
      case "6" -> "Node-RED peer";
      case "7" -> "reconnect storm (TLS, " + ReconnectStormBench.DEVICES + " device identities)";
      case "8" -> "public warning fan-out (2,000 loudspeakers)";
      case "9" -> "registry at county scale (2,000 sites, 20,000 devices)";
      case "10" -> "backfill against the live rate";
      case "11" -> "scale (sensors reporting every 10 s)";
      case "12" -> "cluster: 1 taskmanager process against 2";
      default -> "phase " + id;
    };
  }

  static int port(String key, int dflt) {
    String v = System.getenv(key);
    return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
  }
}
