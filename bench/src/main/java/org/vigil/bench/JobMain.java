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
 * {@code MEM} lines (heap used, heap after the last GC, committed heap, resident set) every
 * {@code bench.sampleMs}. Runs until killed.
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
    long pid = ProcessHandle.current().pid();
    while (true) {
      Thread.sleep(sampleMs);
      if (job.getJobStatus().get().isGloballyTerminalState()) {
        System.out.println("JOB ended " + job.getJobStatus().get());
        System.exit(4);
      }
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      System.out.printf(Locale.ROOT, "MEM t=%d heapUsedMb=%.1f heapAfterGcMb=%.1f heapCommittedMb=%.1f rssMb=%.1f%n",
          System.currentTimeMillis(), heap.getUsed() / 1048576.0, heapAfterLastGc() / 1048576.0,
          heap.getCommitted() / 1048576.0, Machine.rssMb(pid));
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
