package org.vigil.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time used by each process of a measurement (the job or the peer, the broker, the database, the bench's own
 * publishers) between {@link #start} and {@link #stop}: what a reading costs, which holds up better than a wall-clock
 * rate when other work shares the machine.
 */
final class CpuMeter {

  private final Map<String, long[]> pids = new LinkedHashMap<>();
  private final Map<String, Double> before = new LinkedHashMap<>();
  private final Map<String, Double> used = new LinkedHashMap<>();

  /** HotSpot's JIT compiler threads ({@code C1 CompilerThre}, {@code C2 CompilerThre}, names cut at 15 characters). */
  static final Predicate<String> JIT_THREADS = n -> n.startsWith("C1 CompilerThre") || n.startsWith("C2 CompilerThre");

  private final Map<String, String> partOf = new LinkedHashMap<>();
  private final Map<String, Long> partPid = new LinkedHashMap<>();
  private final Map<String, Predicate<String>> partThreads = new LinkedHashMap<>();

  /**
   * The consumer under test beside the bench's broker, database and this JVM's publishers; for a JVM consumer also
   * the part of its CPU its JIT compiler threads used (shown only when it is not zero).
   */
  static CpuMeter forRun(Services s, String consumer, long consumerPid) {
    return services(s, new CpuMeter().add(consumer, consumerPid)
        .addPart(consumer, "JIT compiler threads", consumerPid, JIT_THREADS));
  }

  /**
   * A part of entry {@code of}'s CPU time: its threads that {@code threads} accepts (their CPU is counted while they
   * live; the bench's job JVM keeps its compiler threads for its whole life, -XX:-UseDynamicNumberOfCompilerThreads).
   */
  CpuMeter addPart(String of, String name, long pid, Predicate<String> threads) {
    String key = of + " " + name;
    partOf.put(key, of);
    partPid.put(key, pid);
    partThreads.put(key, threads);
    return this;
  }

  /** The bench's broker, database and this JVM's publishers, after the consumer's entries of {@code m}. */
  static CpuMeter services(Services s, CpuMeter m) {
    return m.add("mosquitto", s.pid("mosquitto")).add("influxdb", s.pid("influxdb"))
        .add("publishers", ProcessHandle.current().pid());
  }

  /** An entry whose CPU time is that of the processes {@code pid} together (e.g. a cluster's taskmanagers). */
  CpuMeter add(String name, long... pid) {
    pids.put(name, pid.clone());
    return this;
  }

  void start() {
    pids.forEach((n, pid) -> before.put(n, cpuSeconds(pid)));
    partPid.forEach((n, pid) -> before.put(n, Machine.threadCpuSeconds(pid, partThreads.get(n))));
  }

  void stop() {
    pids.forEach((n, pid) -> used.put(n, cpuSeconds(pid) - before.get(n)));
    partPid.forEach((n, pid) -> used.put(n, Machine.threadCpuSeconds(pid, partThreads.get(n)) - before.get(n)));
  }

  private static double cpuSeconds(long[] pids) {
    double sum = 0;
    for (long pid : pids) {
      sum += Machine.cpuSeconds(pid);
    }
    return sum;
  }

  /** Puts CPU seconds and microseconds per reading of each process into the phase, with one table row. */
  void report(Results.Phase p, String label, long readings) {
    Map<String, Object> f = new LinkedHashMap<>();
    StringBuilder row = new StringBuilder();
    for (var e : used.entrySet()) {
      if (partOf.containsKey(e.getKey())) {
        continue;
      }
      double usPer = e.getValue() * 1e6 / Math.max(1, readings);
      f.put(e.getKey() + "CpuSeconds", Stats.round(e.getValue(), 2));
      f.put(e.getKey() + "CpuUsPerReading", Stats.round(usPer, 1));
      row.append(row.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f", e.getKey(), usPer));
      for (var part : partOf.entrySet()) {
        Double partUsed = used.get(part.getKey());
        if (part.getValue().equals(e.getKey()) && partUsed != null && partUsed > 0) {
          double partUs = partUsed * 1e6 / Math.max(1, readings);
          String name = part.getKey().substring(e.getKey().length() + 1);
          f.put(e.getKey() + "JitCpuUsPerReading", Stats.round(partUs, 1));
          row.append(String.format(Locale.ROOT, " (of which %s %.0f)", name, partUs));
        }
      }
    }
    p.figures.put("cpu", f);
    p.row(label + " CPU per reading (us)", row.toString());
  }
}
