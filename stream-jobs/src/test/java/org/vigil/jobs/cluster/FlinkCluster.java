package org.vigil.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster on loopback made of separate JVMs: a jobmanager
 * ({@code StandaloneSessionClusterEntrypoint}) and taskmanagers ({@code TaskManagerRunner}), started from Flink's own
 * entry points with the Maven-resolved Flink classes ({@code target/flink-classpath.txt}, what is 'provided' to the
 * job jar) and nothing of Vigil, so a job runs only with what its jar carries. Each process has a config folder of its
 * own ({@code config.yaml}, {@code log4j.properties}), derived memory settings as {@code flink-dist}'s scripts compute
 * them, and its log in {@code logs/}. Checkpoints go to one {@code file://} folder all share.
 */
final class FlinkCluster implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final Path logs;
  private final Path checkpoints;
  private final String classpath;
  private final int rpcPort;
  private final int restPort;
  private final int slotsPerTaskManager;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private FlinkCluster(Path home, String classpath, int slotsPerTaskManager) {
    this.home = home;
    this.logs = home.resolve("logs");
    this.checkpoints = home.resolve("checkpoints");
    this.classpath = classpath;
    this.slotsPerTaskManager = slotsPerTaskManager;
    this.rpcPort = freePort();
    this.restPort = freePort();
  }

  /**
   * Prepares a cluster under {@code home}; nothing runs yet.
   *
   * @param flinkClasspath the file listing Flink's jars ({@code target/flink-classpath.txt})
   */
  static FlinkCluster prepare(Path home, Path flinkClasspath, int slotsPerTaskManager) throws IOException {
    if (!Files.isRegularFile(flinkClasspath)) {
      throw new IllegalStateException(flinkClasspath + " is missing: run 'mvn package' (the failsafe phase runs after it)");
    }
    List<String> entries = new ArrayList<>(Arrays.asList(Files.readString(flinkClasspath).trim().split(File.pathSeparator)));
    // SLF4J and a logging backend: the test's own jars (Flink's dist ships them the same way, in lib/).
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(e).getFileName().toString();
      if (name.startsWith("slf4j-api-") || name.startsWith("log4j-api-") || name.startsWith("log4j-core-") || name.startsWith("log4j-slf4j-impl-")) {
        entries.add(e);
      }
    }
    Files.createDirectories(home.resolve("logs"));
    Files.createDirectories(home.resolve("checkpoints"));
    return new FlinkCluster(home, String.join(File.pathSeparator, entries), slotsPerTaskManager);
  }

  /** The settings every process of the cluster shares. */
  Map<String, String> commonConfig() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.host", "127.0.0.1");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", Integer.toString(restPort));
    c.put("jobmanager.memory.process.size", "640m");
    c.put("jobmanager.memory.jvm-metaspace.size", "128m"); // leaves ~190 MB heap
    c.put("taskmanager.memory.process.size", "1024m");
    c.put("taskmanager.memory.managed.size", "0m"); // heap state: no managed memory needed
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
    c.put("taskmanager.load-balance.mode", "SLOTS"); // spread a job's slots over the taskmanagers
    c.put("parallelism.default", "2");
    c.put("state.backend.type", "hashmap");
    c.put("execution.checkpointing.storage", "filesystem");
    c.put("execution.checkpointing.dir", checkpoints.toUri().toString());
    c.put("execution.checkpointing.num-retained", "2");
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", "20");
    c.put("restart-strategy.fixed-delay.delay", "1 s");
    // A killed taskmanager is noticed by failed heartbeat RPCs within a few seconds, not the default 50 s.
    c.put("heartbeat.interval", "1000");
    c.put("heartbeat.timeout", "10000");
    c.put("pipeline.generic-types", "false");
    return c;
  }

  URI restUrl() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  Path logs() {
    return logs;
  }

  Path checkpoints() {
    return checkpoints;
  }

  /** Starts the jobmanager and waits until its REST API answers. */
  void startJobManager(Duration timeout) throws IOException, InterruptedException {
    Map<String, String> conf = commonConfig();
    Configuration flink = Configuration.fromMap(conf);
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(flink);
    List<String> jvm = split(JobManagerProcessUtils.generateJvmParametersStr(spec, flink));
    List<String> dynamic = split(JobManagerProcessUtils.generateDynamicConfigsStr(spec));
    start("jobmanager", conf, jvm, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", dynamic);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (get("/overview") == null) {
      if (System.nanoTime() > deadline || !processes.get("jobmanager").isAlive()) {
        throw new IllegalStateException("jobmanager not answering on " + restUrl() + "; log: " + logs.resolve("jobmanager.log"));
      }
      Thread.sleep(200);
    }
  }

  /** Starts a taskmanager named {@code name} (also its resource id); see {@link #awaitTaskManagers}. */
  void startTaskManager(String name) throws IOException {
    Map<String, String> conf = commonConfig();
    conf.put("taskmanager.resource-id", name);
    Configuration flink = Configuration.fromMap(conf);
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flink);
    List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(spec));
    List<String> dynamic = split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec));
    start(name, conf, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", dynamic);
  }

  /** Waits until {@code n} taskmanagers are registered with the jobmanager. */
  void awaitTaskManagers(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode tms = get("/taskmanagers");
      if (tms != null && tms.path("taskmanagers").size() >= n) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(n + " taskmanagers not registered within " + timeout + " (logs in " + logs + ")");
      }
      Thread.sleep(200);
    }
  }

  /** Kills a process with SIGKILL (no shutdown hooks, no goodbye to the jobmanager) and waits for it to be gone. */
  long kill9(String name) throws InterruptedException {
    Process p = processes.get(name);
    long pid = p.pid();
    p.destroyForcibly();
    p.waitFor();
    return pid;
  }

  /** GET on the REST API; null when it does not answer with 200. */
  JsonNode get(String path) {
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(restUrl().resolve(path)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void start(String name, Map<String, String> conf, List<String> jvmMemory, String mainClass,
      List<String> dynamic) throws IOException {
    Path confDir = home.resolve("conf-" + name);
    Files.createDirectories(confDir);
    Files.writeString(confDir.resolve("config.yaml"), conf.entrySet().stream()
        .map(e -> e.getKey() + ": " + yamlValue(e.getValue())).collect(Collectors.joining("\n", "", "\n")));
    Files.writeString(confDir.resolve("log4j.properties"), """
        rootLogger.level = INFO
        rootLogger.appenderRef.file.ref = MainAppender
        appender.main.name = MainAppender
        appender.main.type = File
        appender.main.append = true
        appender.main.fileName = ${sys:log.file}
        appender.main.layout.type = PatternLayout
        appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c{1.} [%t] - %m%n
        logger.pekko.name = org.apache.pekko
        logger.pekko.level = WARN
        """);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmMemory);
    cmd.add("-Dlog.file=" + logs.resolve(name + ".log"));
    cmd.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(confDir.toString());
    cmd.addAll(dynamic);
    Files.writeString(logs.resolve(name + ".cmd"), String.join(" ", cmd) + "\n");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".out").toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("VIGIL_")); // settings reach the job as arguments only
    processes.put(name, pb.start());
  }

  private static String yamlValue(String v) {
    return v.matches("[A-Za-z0-9_./:-]+( s)?") ? v : "'" + v.replace("'", "''") + "'";
  }

  private static List<String> split(String args) {
    return Arrays.stream(args.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every process it started (SIGKILL after 5 s of SIGTERM). */
  @Override
  public void close() {
    processes.values().forEach(Process::destroy);
    for (Process p : processes.values()) {
      try {
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
