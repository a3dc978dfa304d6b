package org.vigil.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vigil.jobs.registry.RegistryCache;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.registry.CountyGenerator;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryLoader;

/**
 * Phase 9: the registry of a county at the scale the command center is built for, 2,000 sites and 20,000 devices
 * (20 townships x 10 villages x 10 sites x 10 devices, every device kind), generated as YAML. Figures: the time to
 * parse and validate it (what the job and {@code vigil registry validate} do at start and what every registry
 * operator of the job does once per published version), wall and CPU, the first time in the JVM and the median of
 * five more; the heap the parsed registry holds; and the cost of the lookup the job's gate makes for every reading.
 */
final class RegistryScaleBench {

  /** The job's operators that read the parsed registry: the reading and camera gates, no-data watch, device
   *  health, region roll-up, modes, noise control, public warnings and broadcast. */
  static final int REGISTRY_OPERATORS = 9;

  /** Their subtasks at the local job's parallelism, each asking its {@link RegistryCache} for a new version. */
  static final int PARALLELISM = 2;

  private RegistryScaleBench() {}

  static void run(Results.Phase p) {
    CountyGenerator g = CountyGenerator.countyOf20000Devices();
    String yaml = g.yaml(1L);
    p.method(String.format(Locale.ROOT, "a generated registry of %,d regions, %,d sites and %,d devices (%,d bytes of"
        + " YAML); RegistryLoader.parse (YAML, validation with line numbers, indexes) timed once cold and 5 times"
        + " warm (median), wall clock and the thread's CPU; heap held by the parsed registry from used heap after GC"
        + " before and after; 1,000,000 device lookups by subject as the job's gate makes per reading",
        g.regionCount(), g.siteCount(), g.deviceCount(), yaml.getBytes(StandardCharsets.UTF_8).length));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long heapBefore = usedAfterGc();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    Registry r = RegistryLoader.parse(yaml, "county.yaml");
    double coldMs = (System.nanoTime() - t0) / 1e6;
    double coldCpuMs = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
    long heapAfter = usedAfterGc();
    Log.say("  cold parse %.0f ms (CPU %.0f ms): %s", coldMs, coldCpuMs, r.summary());
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      c0 = mx.getCurrentThreadCpuTime();
      t0 = System.nanoTime();
      Registry again = RegistryLoader.parse(yaml, "county.yaml");
      wall.add((System.nanoTime() - t0) / 1e6);
      cpu.add((mx.getCurrentThreadCpuTime() - c0) / 1e6);
      if (again.devices().size() != g.deviceCount()) {
        throw new IllegalStateException("parsed " + again.summary());
      }
    }
    double warmMs = median(wall);
    double warmCpuMs = median(cpu);
    p.figures.put("registryColdParseMs", Stats.round(coldMs, 1));
    p.figures.put("registryWarmParseMs", Stats.round(warmMs, 1));
    p.figures.put("registryWarmParseCpuMs", Stats.round(warmCpuMs, 1));
    p.row("load 2,000 sites / 20,000 devices, first in the JVM", String.format(Locale.ROOT,
        "%.2f s (CPU %.2f s)", coldMs / 1000, coldCpuMs / 1000), "< 10 s", coldMs < 10_000 ? "yes" : "NO");
    p.row("load again (a published version), median of 5", String.format(Locale.ROOT, "%.2f s (CPU %.2f s)",
        warmMs / 1000, warmCpuMs / 1000), "< 10 s", warmMs < 10_000 ? "yes" : "NO");
    double[] reload = reloadInJob(g.yaml(2L));
    p.figures.put("registryReloadInJobMs", Stats.round(reload[0], 1));
    p.figures.put("registryReloadInJobCpuMs", Stats.round(reload[1], 1));
    p.row(String.format(Locale.ROOT, "  one reload in the job: %d operators x %d subtasks take the new version",
        REGISTRY_OPERATORS, PARALLELISM), String.format(Locale.ROOT, "%.2f s (CPU %.2f s, all threads)",
        reload[0] / 1000, reload[1] / 1000), "one parse", reload[1] < 2 * warmCpuMs ? "yes" : "NO");
    long held = heapAfter - heapBefore;
    p.figures.put("registryHeapBytes", held);
    p.row("heap held by the parsed registry", String.format(Locale.ROOT, "%.1f MB (%,d bytes a device)",
        held / 1e6, held / g.deviceCount()));

    List<String> subjects = new ArrayList<>(r.devices().keySet());
    Random random = new Random(7);
    String[] probe = new String[1 << 16];
    for (int i = 0; i < probe.length; i++) {
      // as the gate sees them: a fresh string per reading, built from the topic
      probe[i] = new String(subjects.get(random.nextInt(subjects.size())).toCharArray());
    }
    int found = 0;
    for (int i = 0; i < 200_000; i++) { // warm-up
      found += r.device(probe[i & (probe.length - 1)]) != null ? 1 : 0;
    }
    t0 = System.nanoTime();
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      found += r.device(probe[i & (probe.length - 1)]) != null ? 1 : 0;
    }
    double nsPerLookup = (System.nanoTime() - t0) / (double) n;
    if (found != n + 200_000) {
      throw new IllegalStateException("lookups found " + found);
    }
    p.figures.put("registryLookupNs", Stats.round(nsPerLookup, 1));
    p.row("device lookup per reading", String.format(Locale.ROOT, "%.0f ns", nsPerLookup));
    p.note("Each registry operator keeps the version's YAML in Flink state (a checkpoint carries it once per"
        + " operator) and asks the process's RegistryCache for the parsed registry, which parses each version once"
        + " per process, also after a restore.");
  }

  /**
   * What the job's registry operators do when a version is published: each subtask, on one of {@link #PARALLELISM}
   * task threads, asks its own {@link RegistryCache} for the version it received (its own copy of the text, as the
   * broadcast delivers it). Wall clock until all have it, and the CPU of those threads.
   */
  private static double[] reloadInJob(String published) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
    try {
      List<Future<Long>> cpu = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < PARALLELISM; t++) {
        cpu.add(pool.submit(() -> {
          long c0 = mx.getCurrentThreadCpuTime();
          for (int op = 0; op < REGISTRY_OPERATORS; op++) {
            RegistryUpdate u = new RegistryUpdate(2, "", "", new String(published.toCharArray()), "", "bench");
            if (new RegistryCache().of(u).devices().isEmpty()) {
              throw new IllegalStateException("an empty registry");
            }
          }
          return mx.getCurrentThreadCpuTime() - c0;
        }));
      }
      long cpuNs = 0;
      for (Future<Long> f : cpu) {
        cpuNs += f.get();
      }
      return new double[] {(System.nanoTime() - t0) / 1e6, cpuNs / 1e6};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
