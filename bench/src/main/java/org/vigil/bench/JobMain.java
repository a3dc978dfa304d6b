package org.vigil.bench;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;

/**
 * The job JVM the bench measures: {@link MonitoringJob#startLocal} with settings from {@code VIGIL_*} system
 * properties (default rules, checkpointing and at-least-once on, as {@code ./vigil run} has them), printing
 * {@code MEM} lines (heap used, heap after the last GC, committed heap, resident set, and the live heap after a full
 * collection every {@code bench.liveEveryMs}, NaN in between) every {@code bench.sampleMs}. Runs until killed.
 */
public final class JobMain {

  private JobMain() {}

  public static void main(String[] args) throws Exception {
    MonitoringConfig config = MonitoringConfig.from(MonitoringConfig.environment());
    List<WebhookEndpoint> hooks = WebhookEndpoint.fromLookup(MonitoringConfig.environment());
    JobClient job;
    try {
      job = MonitoringJob.startLocal(config, hooks);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(3);
      return;
    }
    System.out.println("JOB started " + job.getJobID());
    long sampleMs = Long.getLong("bench.sampleMs", 5_000);
    // Every liveEveryMs (0: never) a full collection first, so that the sample's heap is the live set: G1's young
    // collections leave promoted garbage in the old generation until a mixed cycle, which on a 1 GB heap can be
    // minutes apart, so "heap after the last collection" climbs for minutes and then drops (the memory
    // phase of 2026-11-29: 106 -> 738 MB over 7 minutes, then 149 MB, with the state flat at 21.7 MB).
    long liveEveryMs = Long.getLong("bench.liveEveryMs", 0);
    long nextLive = liveEveryMs > 0 ? System.currentTimeMillis() + liveEveryMs : Long.MAX_VALUE;
    long pid = ProcessHandle.current().pid();
    while (true) {
      Thread.sleep(sampleMs);
      if (job.getJobStatus().get().isGloballyTerminalState()) {
        System.out.println("JOB ended " + job.getJobStatus().get());
        System.exit(4);
      }
      double liveMb = Double.NaN;
      if (System.currentTimeMillis() >= nextLive) {
        nextLive += liveEveryMs;
        System.gc();
        liveMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
      }
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      System.out.printf(Locale.ROOT, "MEM t=%d heapUsedMb=%.1f heapAfterGcMb=%.1f heapCommittedMb=%.1f rssMb=%.1f "
          + "liveHeapMb=%.1f%n", System.currentTimeMillis(), heap.getUsed() / 1048576.0, heapAfterLastGc() / 1048576.0,
          heap.getCommitted() / 1048576.0, Machine.rssMb(pid), liveMb);
      System.out.flush();
    }
  }

  /** Heap in use right after the most recent collection of any collector (the live set plus what survived it). */
  private static long heapAfterLastGc() {
    long bestTime = -1;
    long used = -1;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof GarbageCollectorMXBean g) {
        GcInfo info = g.getLastGcInfo();
        if (info != null && info.getEndTime() > bestTime) {
          bestTime = info.getEndTime();
          long sum = 0;
          for (Map.Entry<String, MemoryUsage> e : info.getMemoryUsageAfterGc().entrySet()) {
            if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code") && !e.getKey().contains("Class")) {
              sum += e.getValue().getUsed();
            }
          }
          used = sum;
        }
      }
    }
    return used;
  }
}
