package org.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.vigil.core.settings.JobSettings;
import org.vigil.jobs.cluster.FlinkCluster;

/**
 * Phase 12, cluster: what more taskmanagers give. The monitoring job's shaded jar runs in a Flink standalone session
 * cluster of separate JVMs on loopback ({@link FlinkCluster}: a jobmanager and taskmanagers started from Flink's own
 * entry points), submitted through Flink's REST client with the bench's job settings as program arguments, and is
 * measured as phase 2 measures the job in one JVM ({@link Throughput}): unpaced QoS 1 readings, a warm-up not
 * counted, readings stored per second until every measured one is stored, CPU per reading of each process. Three
 * configurations one after the other, each in a fresh cluster, broker and database: A, one taskmanager with two slots
 * at parallelism 2; B, two taskmanagers with one slot each at parallelism 2 (the same slots, now in two processes, so
 * records between operators cross the network stack); C, two taskmanagers with two slots each at parallelism 4. Then
 * B and C against A, and the broker's raw limit of the same run for context. Only when named.
 */
final class ClusterBench {

  /** One cluster layout. */
  record Config(String id, int taskManagers, int slots, int parallelism) {
    String label() {
      return String.format(Locale.ROOT, "%s: %d taskmanager%s x %d slot%s, parallelism %d", id, taskManagers,
          taskManagers == 1 ? "" : "s", slots, slots == 1 ? "" : "s", parallelism);
    }
  }

  static final List<Config> CONFIGS = List.of(new Config("A", 1, 2, 2), new Config("B", 2, 1, 2),
      new Config("C", 2, 2, 4));

  /** What one configuration gave. */
  record Outcome(double rate, double steady, boolean all, double taskManagersUs) {}

  private static final String BUILD = "./vigil bench builds it (mvn -B -Pbench -DskipTests package -pl bench -am, "
      + "which packages stream-jobs)";

  private ClusterBench() {}

  static void run(Services s, Results.Phase p, long warmup, long total, long budgetSeconds, int mqttSeconds,
      Path logDir) throws Exception {
    Path target = s.repo.resolve("stream-jobs/target");
    Path jar = FlinkCluster.jobJar(target).orElseThrow(() -> new IllegalStateException(
        "the monitoring job's shaded jar (stream-jobs/target/vigil-stream-jobs-<version>-job.jar, exactly one) is "
            + "missing: " + BUILD));
    Path flinkClasspath = target.resolve("flink-classpath.txt");
    if (!Files.isRegularFile(flinkClasspath)) {
      throw new IllegalStateException("stream-jobs/target/flink-classpath.txt (Flink's jars for the cluster's JVMs) "
          + "is missing: " + BUILD);
    }
    p.method(Throughput.method(warmup, total) + "; per configuration");
    p.method("the job: the shaded jar " + s.repo.relativize(jar) + " submitted through Flink's REST client to a "
        + "standalone session cluster of separate JVMs on loopback (a jobmanager, StandaloneSessionClusterEntrypoint; "
        + "taskmanagers, TaskManagerRunner; Flink's jars from stream-jobs/target/flink-classpath.txt), the bench's job "
        + "settings as program arguments, default rules, checkpoints every 2 s to the cluster's file:// folder, "
        + "hashmap state, acks after checkpoints; each configuration in a fresh cluster, broker and database");
    p.method("taskmanager memory as the cluster integration test: process size 1,024 MB, no managed memory (heap "
        + "state), so each taskmanager JVM has the heap printed below (its -Xmx) whatever its slots; jobmanager "
        + "process 640 MB");
    p.method("configurations: A, 1 taskmanager x 2 slots at parallelism 2; B, 2 taskmanagers x 1 slot at "
        + "parallelism 2 (the same slots in two processes: the records the job's key-by sends to the other subtask "
        + "cross between processes through Flink's network stack on loopback instead of staying in one JVM, and B has "
        + "twice A's memory); C, 2 taskmanagers x 2 slots at parallelism 4");
    p.method("rate = measured readings stored / (time the count reached all - first measured publish); steady = the "
        + "middle 60 %; CPU per reading over the measured part: the taskmanagers summed, the jobmanager apart");
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (Config c : CONFIGS) {
      String loadBefore = Machine.load();
      Log.say("  configuration %s (load average %s)", c.label(), loadBefore);
      Path home = logDir.resolve("cluster-" + c.id().toLowerCase(Locale.ROOT));
      try {
        outcomes.put(c.id(), measure(s, p, c, jar, flinkClasspath, home, warmup, total, budgetSeconds));
      } catch (Exception e) {
        String what = e.getClass().getSimpleName() + ": " + e.getMessage();
        Log.say("  configuration %s FAILED: %s", c.id(), what);
        p.row("  " + c.label(), "FAILED: " + what + " (cluster logs: " + s.repo.relativize(home) + "/logs)");
        p.figures.put(c.id(), Map.of("error", what));
      }
      String loadAfter = Machine.load();
      p.row("  " + c.id() + " load average before / after", loadBefore + " / " + loadAfter);
      if (p.figures.get(c.id()) instanceof Map<?, ?> f && !f.containsKey("error")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = (Map<String, Object>) f;
        figures.put("loadBefore", loadBefore);
        figures.put("loadAfter", loadAfter);
      }
    }
    verdicts(p, outcomes);
    // The broker's limit on the same machine at the same time, for context (phase 1's MQTT part).
    s.freshBroker();
    Results.Phase raw = new Results.Phase(p.id, p.title);
    double mqttRaw = MqttRawBench.run(s, raw, mqttSeconds, 2, 2, 1_000);
    p.method.addAll(raw.method);
    p.rows.addAll(raw.rows);
    p.figures.put("mqttRaw", raw.figures);
    Outcome a = outcomes.get("A");
    if (a != null && a.all() && mqttRaw > 0) {
      p.row("A / raw MQTT limit (same run)", String.format(Locale.ROOT, "%.0f %% (%,.0f of %,.0f msg/s)",
          100 * a.rate() / mqttRaw, a.rate(), mqttRaw));
    }
  }

  private static Outcome measure(Services s, Results.Phase p, Config c, Path jar, Path flinkClasspath, Path home,
      long warmup, long total, long budgetSeconds) throws Exception {
    String db = "bench_cluster";
    s.freshDatabase(db);
    s.freshBroker();
    // Only the job's settings travel as program arguments; the checkpoints go where the cluster keeps them.
    Map<String, String> settings = new TreeMap<>();
    EndToEndBench.jobSettings(s, db, "bench-cluster-" + c.id().toLowerCase(Locale.ROOT)).forEach((k, v) -> {
      if (k.startsWith("VIGIL_")) {
        settings.put(k, v);
      }
    });
    settings.remove(JobSettings.CHECKPOINT_DIR.key());
    settings.remove(JobSettings.RESTORE.key());
    Services.deleteTree(s.state.resolve("checkpoints-bench-cluster-" + c.id().toLowerCase(Locale.ROOT)));
    Services.deleteTree(home);
    FlinkCluster cluster = FlinkCluster.prepare(home, flinkClasspath, c.slots());
    // Its JVMs are this one's children but do not end with it: an interrupted bench (Ctrl-C) stops them too.
    Thread stop = new Thread(cluster::close, "bench-cluster-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      String logs = s.repo.relativize(cluster.logs()).toString();
      long t0 = System.currentTimeMillis();
      cluster.startJobManager(Duration.ofSeconds(90));
      long[] tms = new long[c.taskManagers()];
      for (int i = 0; i < tms.length; i++) {
        cluster.startTaskManager("tm-" + (i + 1));
        tms[i] = cluster.pid("tm-" + (i + 1));
      }
      cluster.awaitTaskManagers(c.taskManagers(), Duration.ofSeconds(90));
      Log.say("  cluster up in %.1f s (jobmanager + %d taskmanager%s, logs in %s); submitting the job jar",
          (System.currentTimeMillis() - t0) / 1000.0, c.taskManagers(), c.taskManagers() == 1 ? "" : "s", logs);
      JobID job = cluster.submit(jar, settings, c.parallelism());
      long deadline = System.currentTimeMillis() + 120_000;
      while (!cluster.allRunning(job)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the job's tasks were not all RUNNING within 120 s of its submission "
              + "(cluster logs: " + logs + ")");
        }
        Thread.sleep(250);
      }
      TreeSet<String> hosts = cluster.taskManagersOf(job);
      String heap = heapOf(cluster.logs().resolve("tm-1.cmd"));
      Log.say("  job RUNNING on %s at %.1f s; taskmanager heap %s", hosts, (System.currentTimeMillis() - t0) / 1000.0,
          heap);
      CpuMeter cpu = CpuMeter.services(s, new CpuMeter().add("taskmanagers", tms)
          .add("jobmanager", cluster.pid("jobmanager")));
      Results.Phase part = new Results.Phase(p.id, p.title);
      try (Publisher pub = new Publisher(s.mqttUrl(), "bench-cluster-pub", 2, 1_000)) {
        Throughput.measure(s, part, pub, db, c.label(), "Flink cluster", cpu, warmup, total, budgetSeconds);
      }
      long restarts = cluster.restarts(job);
      boolean running = cluster.allRunning(job);
      p.rows.addAll(part.rows);
      p.row("  " + c.id() + " taskmanagers running the job, heap each", hosts + ", " + heap);
      part.figures.put("taskManagers", c.taskManagers());
      part.figures.put("slotsPerTaskManager", c.slots());
      part.figures.put("parallelism", c.parallelism());
      part.figures.put("taskManagersOfJob", List.copyOf(hosts));
      part.figures.put("taskManagerHeap", heap);
      part.figures.put("jobRestarts", restarts);
      part.figures.put("clusterLogs", logs);
      p.figures.put(c.id(), part.figures);
      if (hosts.size() != c.taskManagers()) {
        p.note(c.id() + ": the job's subtasks ran on " + hosts + " only, not on all " + c.taskManagers()
            + " taskmanagers");
      }
      if (restarts > 0 || !running) {
        p.note(c.id() + ": the job restarted " + restarts + " time(s)" + (running ? "" : " and was not running at the "
            + "end") + "; see " + logs);
      }
      cluster.cancel(job);
      @SuppressWarnings("unchecked")
      Map<String, Object> us = (Map<String, Object>) part.figures.get("cpu");
      return new Outcome(number(part.figures, "readingsPerSec"), number(part.figures, "steadyReadingsPerSec"),
          Boolean.TRUE.equals(part.figures.get("allStored")), number(us, "taskmanagersCpuUsPerReading"));
    } finally {
      cluster.close();
      Runtime.getRuntime().removeShutdownHook(stop);
    }
  }

  /** B and C against A: rate, steady rate and taskmanager CPU per reading. */
  private static void verdicts(Results.Phase p, Map<String, Outcome> outcomes) {
    Outcome a = outcomes.get("A");
    if (a == null) {
      return;
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    for (String id : List.of("B", "C")) {
      Outcome o = outcomes.get(id);
      if (o == null) {
        continue;
      }
      double rate = o.rate() / a.rate();
      double steady = o.steady() / a.steady();
      double cpu = o.taskManagersUs() / a.taskManagersUs();
      figures.put(id + "ToARate", Stats.round(rate, 3));
      figures.put(id + "ToASteadyRate", Stats.round(steady, 3));
      figures.put(id + "ToATaskManagerCpuPerReading", Stats.round(cpu, 3));
      p.row(id + " / A", String.format(Locale.ROOT, "rate %.2f x (%,.0f vs %,.0f readings/s; steady %.2f x), "
          + "taskmanager CPU per reading %.2f x (%.0f vs %.0f us)%s", rate, o.rate(), a.rate(), steady, cpu,
          o.taskManagersUs(), a.taskManagersUs(), o.all() && a.all() ? "" : "; NOT every reading stored in both"));
    }
    p.figures.put("verdicts", figures);
  }

  private static double number(Map<String, Object> m, String key) {
    return m != null && m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The -Xmx option of a process the cluster started, from its command line file, or "?". */
  private static String heapOf(Path cmd) {
    try {
      Matcher m = Pattern.compile("-Xmx(\\S+)").matcher(Files.readString(cmd));
      if (!m.find()) {
        return "?";
      }
      long bytes = Long.parseLong(m.group(1).replaceAll("\\D", ""));
      return m.group(1).matches("\\d+") ? String.format(Locale.ROOT, "-Xmx%dm", bytes >> 20) : "-Xmx" + m.group(1);
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }
}
