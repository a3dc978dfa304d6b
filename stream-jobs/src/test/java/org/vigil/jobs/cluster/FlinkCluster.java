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
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster on loopback made of separate JVMs: a jobmanager
 * ({@code StandaloneSessionClusterEntrypoint}) and taskmanagers ({@code TaskManagerRunner}), started from Flink's own
 * entry points with the Maven-resolved Flink classes ({@code target/flink-classpath.txt}, what is 'provided' to the
 * job jar) and nothing of Vigil, so a job runs only with what its jar carries. Each process has a config folder of its
 * own ({@code config.yaml}, {@code log4j.properties}), derived memory settings as {@code flink-dist}'s scripts compute
 * them, and its log in {@code logs/}. Checkpoints go to one {@code file://} folder all share. A job jar is submitted
 * through Flink's REST client ({@link #submit}) with its settings as program arguments. Used by the cluster
 * integration test and by the bench's cluster phase (this module's test jar).
 */
public final class FlinkCluster implements AutoCloseable {

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
  public static FlinkCluster prepare(Path home, Path flinkClasspath, int slotsPerTaskManager) throws IOException {
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
  public Map<String, String> commonConfig() {
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

  public URI restUrl() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  public Path logs() {
    return logs;
  }

  public Path checkpoints() {
    return checkpoints;
  }

  /** Starts the jobmanager and waits until its REST API answers. */
  public void startJobManager(Duration timeout) throws IOException, InterruptedException {
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
  public void startTaskManager(String name) throws IOException {
    Map<String, String> conf = commonConfig();
    conf.put("taskmanager.resource-id", name);
    Configuration flink = Configuration.fromMap(conf);
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flink);
    List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(spec));
    List<String> dynamic = split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec));
    start(name, conf, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", dynamic);
  }

  /** Waits until {@code n} taskmanagers are registered with the jobmanager. */
  public void awaitTaskManagers(int n, Duration timeout) throws InterruptedException {
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
  public long kill9(String name) throws InterruptedException {
    Process p = processes.get(name);
    long pid = p.pid();
    p.destroyForcibly();
    p.waitFor();
    return pid;
  }

  /** The process id of the jobmanager or a taskmanager started under {@code name}. */
  public long pid(String name) {
    Process p = processes.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no process " + name + " in this cluster");
    }
    return p.pid();
  }

  /**
   * Submits the job jar's main class at {@code parallelism} with {@code settings} as program arguments
   * ({@code --KEY=VALUE}) through Flink's REST client, and returns the job's id once the jobmanager accepted it.
   */
  public JobID submit(Path jar, Map<String, String> settings, int parallelism) throws Exception {
    String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    Configuration client = clientConfig();
    PackagedProgram program = PackagedProgram.newBuilder().setJarFile(jar.toFile()).setArguments(args).build();
    JobGraph graph = PackagedProgramUtils.createJobGraph(program, client, parallelism, false);
    try (RestClusterClient<StandaloneClusterId> rest = new RestClusterClient<>(client, StandaloneClusterId.getInstance())) {
      return rest.submitJob(graph).get(60, TimeUnit.SECONDS);
    }
  }

  /** Cancels a job and waits until the jobmanager confirmed it. */
  public void cancel(JobID job) throws Exception {
    try (RestClusterClient<StandaloneClusterId> rest = new RestClusterClient<>(clientConfig(), StandaloneClusterId.getInstance())) {
      rest.cancel(job).get(30, TimeUnit.SECONDS);
    }
  }

  private Configuration clientConfig() {
    Configuration client = new Configuration();
    client.setString("rest.address", "127.0.0.1");
    client.setString("rest.port", Integer.toString(restPort));
    client.setString("pipeline.generic-types", "false");
    return client;
  }

  /** Whether the job is RUNNING with every task RUNNING (or FINISHED: the bounded rules-file source finishes). */
  public boolean allRunning(JobID job) {
    JsonNode j = get("/jobs/" + job);
    if (j == null || !"RUNNING".equals(j.path("state").asText())) {
      return false;
    }
    for (JsonNode v : j.path("vertices")) {
      String status = v.path("status").asText();
      if (!"RUNNING".equals(status) && !"FINISHED".equals(status)) {
        return false;
      }
    }
    return true;
  }

  /** How often the job restarted (Flink's {@code numRestarts}). */
  public long restarts(JobID job) {
    JsonNode m = get("/jobs/" + job + "/metrics?get=numRestarts");
    return m == null || m.size() == 0 ? 0 : m.path(0).path("value").asLong();
  }

  /** The resource ids of the taskmanagers that run the job's subtasks. */
  public TreeSet<String> taskManagersOf(JobID job) {
    TreeSet<String> ids = new TreeSet<>();
    JsonNode j = get("/jobs/" + job);
    for (JsonNode v : j.path("vertices")) {
      JsonNode tms = get("/jobs/" + job + "/vertices/" + v.path("id").asText() + "/taskmanagers");
      for (JsonNode tm : tms.path("taskmanagers")) {
        ids.add(tm.path("taskmanager-id").asText());
      }
    }
    return ids;
  }

  /**
   * The monitoring job's shaded jar ({@code vigil-stream-jobs-<version>-job.jar}, built by stream-jobs' {@code mvn
   * package}) in {@code target}, or empty when there is none or more than one.
   */
  public static Optional<Path> jobJar(Path target) throws IOException {
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).toList();
      return jars.size() == 1 ? Optional.of(jars.get(0).toAbsolutePath()) : Optional.empty();
    }
  }

  /** GET on the REST API; null when it does not answer with 200. */
  public JsonNode get(String path) {
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

  public static int freePort() {
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
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
