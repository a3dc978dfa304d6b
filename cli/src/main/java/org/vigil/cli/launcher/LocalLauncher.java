package org.vigil.cli.launcher;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.flink.core.execution.JobClient;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.core.settings.BroadcastSettings;
import org.vigil.core.settings.CrowdSettings;
import org.vigil.core.settings.SettingsReader;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.simulator.DeviceSimulator;
import org.vigil.simulator.SimulatorArgs;
import org.vigil.simulator.camera.CameraFeedOptions;
import org.vigil.simulator.camera.CameraSimulator;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.connectors.influx.RetentionOptions;
import org.vigil.jobs.metrics.MetricsServer;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.registry.RegistryCache;
import org.vigil.jobs.checkpoint.CheckpointStore;
import org.vigil.jobs.monitoring.MonitoringJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.vigil.core.settings.JobSettings;
import org.vigil.core.settings.SettingsDoc;
import org.vigil.core.topics.Topics;

/**
 * {@code ./vigil run}: the whole pipeline on one machine. Starts the local Mosquitto and InfluxDB (unless pointed
 * elsewhere), a webhook receiver that verifies and prints alerts, the monitoring job in a Flink MiniCluster, and the
 * device simulator; prints where to look and a status line every 15 s. Ctrl-C stops everything it started.
 */
@Command(
    name = "vigil run",
    mixinStandardHelpOptions = true,
    description = "Runs Vigil locally: services, monitoring job, device simulator and a webhook receiver.%n"
        + "Job settings come from VIGIL_* environment variables (README, Configuration); they are listed below.")
public final class LocalLauncher implements Callable<Integer> {

  @Option(names = "--services", defaultValue = "auto",
      description = "auto: start the project's Mosquitto and InfluxDB when the URLs are local; none: use what the"
          + " URLs point at (default: ${DEFAULT-VALUE}).")
  String services;

  @Option(names = "--receiver-port", defaultValue = "18090",
      description = "Port of the built-in webhook receiver, which runs beside any endpoints of VIGIL_WEBHOOK_URLS;"
          + " 0 picks a free one, -1 turns it off (default: ${DEFAULT-VALUE}).")
  int receiverPort;

  @Option(names = "--loudspeaker-port", defaultValue = "18093",
      description = "Port of the built-in loudspeaker controllers the demo registry's loudspeakers point at; 0 picks a"
          + " free one, -1 turns them off (default: ${DEFAULT-VALUE}).")
  int loudspeakerPort;

  @Option(names = "--metrics-port", defaultValue = "18091",
      description = "Port of the Prometheus endpoint (/metrics) and /health; 0 picks a free one, -1 turns it off"
          + " (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--fresh",
      description = "Start with empty job state instead of resuming from the newest checkpoint of an earlier run"
          + " (VIGIL_RESTORE=false), and clear the site risk levels, public warnings, loudspeaker coverage and"
          + " regions' command modes the earlier run left retained on the broker (vigil/+/risk, vigil/warnings/+,"
          + " vigil/broadcast/+, vigil/mode/+): every region starts in daily mode. Rulesets, silences and the InfluxDB"
          + " history are kept.")
  boolean fresh;

  @Option(names = "--no-simulator", description = "Do not start the device simulator (readings come from real devices).")
  boolean noSimulator;

  @Option(names = "--holiday-at", defaultValue = ScriptedHoliday.DEFAULT_AT, converter = ScriptedHoliday.AtConverter.class,
      description = "This long after the devices start (e.g. 60s, 2m or PT60S), the demo's county user switches the township of"
          + " the gorge trail (" + ScriptedHoliday.SITE + ", tagged tourist) to holiday mode through the console"
          + " (POST /api/modes: audited, then taken by the job), as a duty officer would; the gorge's crowd is then"
          + " judged with the ruleset's holiday levels. off: no switch (default: ${DEFAULT-VALUE}).")
  Duration holidayAt;

  /** The simulator's options (--scenario, --rain-gauges, --interval, ...). */
  @Mixin SimulatorArgs simulator = new SimulatorArgs();

  private final Function<String, String> env = MonitoringConfig.environment();

  /** The InfluxDB settings of the console beside the job (its own user when the local services are used). */
  private Map<String, String> consoleSettings = Map.of();

  /** How to give the influx CLI the tools' user, when the local users are used. */
  private String influxLogin;

  /**
   * Run once the services are up, before the job starts, with the settings a console in this process reads (its own
   * InfluxDB user); {@code ./vigil run} starts the console here.
   */
  private java.util.function.Consumer<Function<String, String>> beforeJob;

  /** The console that switches the demo's command mode ({@link ScriptedHoliday}), or null. */
  private ModeSwitcher modeSwitcher;

  /** Why no console switches the demo's command mode, when none does. */
  private String noModeSwitcher = "no console in this run";

  /** The launcher with a step run before the job (see {@link #beforeJob}). */
  public static LocalLauncher withConsole(java.util.function.Consumer<Function<String, String>> beforeJob) {
    LocalLauncher l = new LocalLauncher();
    l.beforeJob = beforeJob;
    return l;
  }

  /** The same launcher, whose scripted holiday switch ({@code --holiday-at}) goes through this console. */
  public LocalLauncher withModeSwitcher(ModeSwitcher switcher) {
    this.modeSwitcher = switcher;
    return this;
  }

  /** The same launcher without a scripted holiday switch, and why (printed at the start). */
  public LocalLauncher withoutModeSwitcher(String why) {
    this.modeSwitcher = null;
    this.noModeSwitcher = why;
    return this;
  }

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath().normalize();
    Map<String, String> settings = new HashMap<>();
    Function<String, String> lookup = k -> settings.containsKey(k) ? settings.get(k) : env.apply(k);
    if (env.apply(JobSettings.CHECKPOINT_DIR.key()) == null) {
      settings.put(JobSettings.CHECKPOINT_DIR.key(), home.resolve(JobSettings.CHECKPOINT_DIR.defaultText()).toString());
    }
    if (fresh) {
      settings.put(JobSettings.RESTORE.key(), "false");
    }
    // MQTT security (default on): ssl:// URL and each part's identity from the secrets folder of infra/services.sh.
    settings.putAll(LocalMqttSecurity.defaults(home, env));
    // Loudspeaker broadcast: the job signs with VIGIL_BROADCAST_SECRET, else a fresh one; the built-in controllers of
    // the demo registry's loudspeakers verify with it.
    String broadcastSecret = new SettingsReader(env).raw(BroadcastSettings.SECRET);
    if (broadcastSecret == null) {
      broadcastSecret = WebhookSigner.generateSecret();
      settings.put(BroadcastSettings.SECRET.key(), broadcastSecret);
    }
    LoudspeakerReceiver loudspeakers = loudspeakerPort < 0 ? null
        : LoudspeakerReceiver.start(loudspeakerPort, List.of(broadcastSecret.strip().split("\\s+")));
    // The county's registry (regions, sites, devices): the job's VIGIL_REGISTRY_FILE, which the simulator then plays,
    // else the one the simulator plays (the demo county unless --registry or --sites say otherwise).
    String jobRegistry = env.apply(JobSettings.REGISTRY_FILE.key());
    if (jobRegistry != null && !noSimulator) {
      simulator.playJobRegistry(home.resolve(jobRegistry));
    }
    if (jobRegistry == null && !noSimulator) {
      String[] why = new String[1];
      Path demo = DemoRegistry.choose(simulator, why);
      if (demo != null && loudspeakers != null && loudspeakers.port() != LoudspeakerReceiver.DEMO_PORT) {
        demo = DemoRegistry.withLoudspeakerPort(demo, home.resolve(".vigil"), loudspeakers.port());
      }
      Path cameras = DemoRegistry.camerasOf(simulator.registryFile(), home);
      if (demo != null && cameras != null && env.apply(CrowdSettings.CAMERAS_FILE.key()) == null) {
        // The gorge camera's zone: the ground it sees, so that its crowd's density is the demo's (not 100 m²).
        settings.put(CrowdSettings.CAMERAS_FILE.key(), cameras.toString());
      }
      if (demo != null) {
        settings.put(JobSettings.REGISTRY_FILE.key(), demo.toString());
        say("registry: " + (demo.startsWith(home) ? home.relativize(demo) : demo)
            + " (regions, sites and devices, played by the simulator; roll-ups on vigil/region/+/risk)");
      } else {
        say(why[0]);
      }
    }
    MonitoringConfig config = MonitoringConfig.from(lookup);

    LocalServices local = new LocalServices(home, config.mqttUrl(), config.influxUrl(),
        lookup.apply(LocalMqttSecurity.ENV_SECURITY));
    CountDownLatch done = new CountDownLatch(1);
    Resources r = new Resources(local, done);
    r.loudspeakers = loudspeakers;
    Runtime.getRuntime().addShutdownHook(new Thread(r::stopAll, "vigil-shutdown"));

    boolean influxSetUp = false;
    if ("auto".equals(services) && LocalServices.isLocal(config.mqttUrl(), config.influxUrl())) {
      local.start();
      if (LocalInfluxUsers.useLocal(env)) {
        influxSetUp = true;
        // The project's InfluxDB runs with authentication: the job as vigil-job, the console as vigil-console, the
        // database's retention policies and rollups set up first as the admin (statements the job's user may not run).
        LocalInfluxUsers users = new LocalInfluxUsers(local.stateDir());
        settings.putAll(users.settings(InfluxCredentials.JOB));
        config = MonitoringConfig.from(lookup);
        consoleSettings = users.settings(InfluxCredentials.CONSOLE);
        influxLogin = "export INFLUX_USERNAME=" + InfluxCredentials.TOOLS + " INFLUX_PASSWORD=\"$(cat "
            + InfluxCredentials.localPasswordFile(local.stateDir(), InfluxCredentials.TOOLS) + ")\"";
        users.prepareDatabase(config.influxUrl(), config.influxDatabase(), RetentionOptions.fromLookup(lookup),
            LocalLauncher::say);
        say("InfluxDB with authentication: the job as " + InfluxCredentials.JOB + ", the console as "
            + InfluxCredentials.CONSOLE + " (passwords in " + local.stateDir().resolve("secrets") + ")");
      }
      say(LocalMqttSecurity.describe(lookup));
    } else if (!"none".equals(services) && !"auto".equals(services)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--services must be auto or none");
    }
    if (!influxSetUp) {
      // vigil influx setup with the InfluxDB user of the settings, before the job (which runs no such statements).
      LocalInfluxUsers.prepareDatabaseAs(config.influxCredentials(), config.influxUrl(), config.influxDatabase(),
          RetentionOptions.fromLookup(lookup), LocalLauncher::say);
    }

    // Webhooks: the user's endpoints and, beside them, the built-in receiver (unless --receiver-port -1).
    if (beforeJob != null) {
      // The console reads the registry the job starts with (duty by region), the demo's one included.
      beforeJob.accept(k -> consoleSettings.containsKey(k) ? consoleSettings.get(k)
          : k.equals(JobSettings.REGISTRY_FILE.key()) || k.equals(CrowdSettings.CAMERAS_FILE.key()) ? lookup.apply(k)
          : env.apply(k));
    }
    List<WebhookEndpoint> userHooks = WebhookEndpoint.fromLookup(env);
    List<String> receiverSecrets = RunWebhooks.receiverSecrets(env);
    if (receiverPort >= 0) {
      r.receiver = WebhookReceiver.start(receiverPort, receiverSecrets,
          line -> System.out.println("[webhook] " + line));
    }
    List<WebhookEndpoint> hooks = RunWebhooks.endpoints(userHooks,
        r.receiver == null ? null : r.receiver.url().toString(), receiverSecrets);

    if (fresh) {
      List<String> cleared = FreshStart.clearRetainedState(config.mqttUrl(), config.mqttSecurity(), Duration.ofMillis(500));
      say("fresh start: " + cleared.size() + " retained site risk message" + (cleared.size() == 1 ? "" : "s")
          + " of an earlier run cleared" + (cleared.isEmpty() ? "" : " " + cleared));
    }
    InfluxClient influx = config.influxCredentials().client(config.influxUrl(), Duration.ofSeconds(5));
    String db = config.influxDatabase();
    RunStatus.Counter counter = q -> influx.count(db, q);
    long startedAt = System.currentTimeMillis();
    RunStatus status = new RunStatus(counter, db, RunStatus.storedAlerts(counter), startedAt, r.receiver,
        userHooks.stream().map(WebhookEndpoint::name).toList()).withLoudspeakers(loudspeakers);

    say("starting the monitoring job (Flink MiniCluster, parallelism " + config.parallelism() + ", checkpoints every "
        + config.checkpointIntervalMs() + " ms)...");
    if (metricsPort >= 0) {
      r.metrics = MetricsServer.start(metricsPort, () -> {
        JobClient j = r.job;
        try {
          return j == null ? "STARTING" : j.getJobStatus().get(2, TimeUnit.SECONDS).name();
        } catch (Exception e) {
          return "UNKNOWN";
        }
      });
    }
    // The readers' subscription gauge reaches this registry through the job's metrics reporter.
    SimpleMeterRegistry readiness = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(readiness);
    try {
      r.job = MonitoringJob.startLocal(config, hooks);
    } catch (CheckpointStore.IncompatibleStateException e) {
      System.err.println("[vigil] ERROR: " + e.getMessage());
      return 2;
    }
    if (!noSimulator) {
      // Devices publish only once the job's readers hold their subscription: before that the broker discards the
      // simulator's history, or hands it to the console alone (its subscription also matches).
      if (!ReadersReady.await(readiness, config.parallelism(), Duration.ofMinutes(2), LocalLauncher::say)) {
        say("the job's MQTT readers did not subscribe within 2 minutes: starting the simulator anyway "
            + "(see .vigil/vigil.log)");
      }
    }
    Metrics.globalRegistry.remove(readiness);

    if (!noSimulator) {
      r.simulator = new DeviceSimulator(simulator.options(config.mqttUrl()),
          MqttClientSecurity.forIdentity(lookup, MqttClientSecurity.SIMULATOR), line -> say(line), Clock.systemUTC());
      Thread t = new Thread(r.simulator, "vigil-simulator");
      t.setDaemon(true);
      t.start();
      // --cameras N: frames of the vtest clip (infra/fetch-vtest.sh) or a drawn, growing crowd.
      CameraFeedOptions cams = simulator.cameraOptions(config.mqttUrl());
      if (cams != null) {
        r.cameras = new CameraSimulator(cams, MqttClientSecurity.forIdentity(lookup, MqttClientSecurity.SIMULATOR), line -> say(line), Clock.systemUTC());
        Thread c = new Thread(r.cameras, "vigil-cameras");
        c.setDaemon(true);
        c.start();
      }
    }
    long devicesStartedAt = System.currentTimeMillis();
    ScriptedHoliday.Plan holiday = ScriptedHoliday.plan(holidayAt, simulator.duration(),
        noSimulator || config.registry() == null ? null : new RegistryCache().of(config.registry()), !noSimulator, modeSwitcher == null ? noModeSwitcher : null);
    if (holiday.switches()) {
      say(ScriptedHoliday.announce(holiday, devicesStartedAt));
      r.holiday = ScriptedHoliday.start(holiday, modeSwitcher, devicesStartedAt, LocalLauncher::say,
          s -> {
            if (s.acceptedAtMs() > 0) { // the job took it: the region is in holiday mode
              status.withModeSwitch(holiday.regionName(), ScriptedHoliday.SITE, s.user(), s.requestedAtMs());
            }
          });
    } else if (!noSimulator) {
      say(holiday.why());
    }
    printWhereToLook(config, lookup, hooks, r.receiver, r.metrics);
    if (loudspeakers != null) {
      System.out.println("  broadcast  " + loudspeakers.url() + "<id> (built-in loudspeaker controllers; coverage on "
          + Topics.BROADCAST_FILTER + ", counted in the status line)");
      System.out.println();
    }

    Duration duration = simulator.duration();
    long end = duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration.toMillis() + 5_000;
    while (!done.await(15, TimeUnit.SECONDS) && System.currentTimeMillis() < end) {
      if (r.job.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState()) {
        say("the job stopped: " + r.job.getJobStatus().get() + " (see .vigil/vigil.log)");
        return 1;
      }
      say(statusLine(status));
    }
    return 0;
  }

  private static String statusLine(RunStatus status) {
    try {
      return status.line();
    } catch (RuntimeException e) {
      return "InfluxDB not answering: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private void printWhereToLook(MonitoringConfig c, Function<String, String> lookup, List<WebhookEndpoint> hooks, WebhookReceiver receiver,
      MetricsServer metrics) {
    int mqttPort = java.net.URI.create(c.mqttUrl()).getPort();
    int influxPort = java.net.URI.create(c.influxUrl()).getPort();
    String db = c.influxDatabase();
    System.out.println();
    System.out.println("Vigil is running. Where to look:");
    if (influxLogin != null) {
      System.out.println("  influx     first " + influxLogin + " (InfluxDB wants a user)");
    }
    System.out.println("  readings   influx -port " + influxPort + " -database " + db
        + " -execute 'SELECT count(rain_mm) FROM rain GROUP BY site'");
    System.out.println("  rain_1h    influx -port " + influxPort + " -database " + db
        + " -execute \"SELECT last(value) FROM derived WHERE metric='rain_1h' GROUP BY site, sensor\"");
    System.out.println("  alerts     influx -port " + influxPort + " -database " + db
        + " -execute 'SELECT state, level, subject, value FROM alerts'");
    String secrets = lookup.apply(MqttClientSecurity.ENV_SECRETS_DIR);
    String topics = " -v -t '" + Topics.ALERTS_FILTER + "' -t " + Topics.DEAD_LETTERS;
    if (c.mqttUrl().startsWith("ssl://") && secrets != null) {
      // mosquitto_sub reads its options from $XDG_CONFIG_HOME/mosquitto_sub: the password goes there (printf is a
      // shell builtin), never on a command line.
      Path cli = Path.of(secrets).toAbsolutePath().getParent().resolve("mqtt-cli");
      System.out.println("  live feed  mkdir -p -m 700 " + cli + " && printf -- '-h 127.0.0.1\\n-p " + mqttPort
          + "\\n--cafile " + Path.of(secrets, "ca.crt").toAbsolutePath() + "\\n-u vigil-tools\\n-P %s\\n' \"$(cat "
          + Path.of(secrets, "mqtt-vigil-tools.password").toAbsolutePath() + ")\" > " + cli.resolve("mosquitto_sub"));
      System.out.println("             XDG_CONFIG_HOME=" + cli + " mosquitto_sub" + topics);
    } else {
      System.out.println("  live feed  mosquitto_sub -h 127.0.0.1 -p " + mqttPort + topics);
    }
    hooks.stream().filter(h -> receiver == null || !h.name().equals(RunWebhooks.LOCAL))
        .forEach(h -> System.out.println("  webhooks   " + h.name() + " " + h.maskedUrl()));
    if (receiver != null) {
      System.out.println("  webhooks   " + receiver.url() + " (built-in receiver; signed alerts are printed below as"
          + " [webhook] lines)");
    }
    if (metrics != null) {
      System.out.println("  metrics    curl -s " + metrics.url() + " | grep -i -e deadLetters -e checkpoint"
          + " (health: " + metrics.url().resolve("/health") + ")");
    }
    System.out.println("  log        .vigil/vigil.log");
    System.out.println("Ctrl-C stops everything this command started.");
    System.out.println();
  }

  private static void say(String s) {
    System.out.println("[vigil] " + s);
  }

  /** What was started, stopped in reverse order on exit. */
  private static final class Resources {
    final LocalServices services;
    final CountDownLatch done;
    volatile WebhookReceiver receiver;
    volatile JobClient job;
    volatile DeviceSimulator simulator;
    volatile CameraSimulator cameras;
    volatile MetricsServer metrics;
    volatile LoudspeakerReceiver loudspeakers;
    volatile Thread holiday;

    Resources(LocalServices services, CountDownLatch done) {
      this.services = services;
      this.done = done;
    }

    void stopAll() {
      done.countDown();
      say("stopping...");
      if (holiday != null) {
        holiday.interrupt();
      }
      if (cameras != null) {
        cameras.stop();
      }
      if (simulator != null) {
        simulator.stop();
        try {
          simulator.awaitStopped(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (job != null) {
        try {
          job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("[vigil] cancelling the job: " + e);
        }
      }
      if (receiver != null) {
        receiver.close();
      }
      if (loudspeakers != null) {
        loudspeakers.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      services.stopIfStartedHere();
      say("stopped.");
    }
  }

  /** The command line of a launcher, its usage ending with every setting of the registry ({@link SettingsDoc#help}). */
  public static CommandLine commandLine(LocalLauncher launcher) {
    CommandLine cl = new CommandLine(launcher);
    cl.getCommandSpec().usageMessage().footer("%n" + SettingsDoc.help().replace("%", "%%"));
    return cl;
  }

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine(new LocalLauncher()).execute(args);
    } catch (Throwable t) {
      System.err.println("[vigil] failed to start: " + t);
      code = 1;
    }
    // Flink and client threads may be non-daemon: exit explicitly.
    System.exit(code);
  }
}
