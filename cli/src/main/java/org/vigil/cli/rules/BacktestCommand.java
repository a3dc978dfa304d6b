package org.vigil.cli.rules;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vigil.alerts.rules.DurationOption;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetInvalidException;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.jobs.backtest.BacktestJob;
import org.vigil.jobs.backtest.BacktestMode;
import org.vigil.jobs.backtest.BacktestOptions;
import org.vigil.alerts.rules.Mode;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryInvalidException;
import org.vigil.registry.RegistryLoader;
import org.vigil.jobs.backtest.BacktestReport;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.jobs.monitoring.AnalyticsOptions;
import org.vigil.connectors.mqtt.MqttSession;
import org.vigil.jobs.rules.RulesFile;
import org.vigil.jobs.rules.RulesetUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.vigil.core.settings.InfluxSettings;
import org.vigil.core.settings.JobSettings;
import org.vigil.core.settings.MqttSettings;
import org.vigil.core.settings.Setting;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.topics.Topics;

/**
 * {@code vigil rules backtest}: runs a proposed ruleset and the active one over the readings in InfluxDB with the
 * live job's analytics and rule engine (Flink batch mode, local) and reports what would have fired and how it
 * differs. Exit codes: 0 done, 1 invalid rules, 2 usage, 4 InfluxDB or the job failed.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Replays the readings stored in InfluxDB through the proposed rules and the active ones; "
        + "reports the alerts each would have fired and the difference (new, gone, earlier, later).")
public final class BacktestCommand implements Callable<Integer> {

  /** Exit code when reading history or running the job failed. */
  public static final int FAILED = 4;

  @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The proposed ruleset (YAML).")
  Path rules;

  @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "Start, e.g. 2026-11-01T00:00:00Z.")
  Instant from;

  @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "End (exclusive).")
  Instant to;

  @Option(names = "--against", paramLabel = "FILE", description = "The rules to compare with. Default: the "
      + "retained ruleset on the rules topic of --mqtt-url if there is one, else the job's start-up rules "
      + "(VIGIL_RULES_FILE, default infra/rules/default.yaml).")
  Path against;

  @Option(names = "--influx-url", paramLabel = "URL", description = "InfluxDB. Default: VIGIL_INFLUX_URL, else "
      + InfluxSettings.DEFAULT_URL + ".")
  String influxUrl;

  @Option(names = "--db", paramLabel = "NAME", description = "Database. Default: VIGIL_INFLUX_DB, else vigil.")
  String database;

  @Option(names = "--mqtt-url", paramLabel = "URL", description = "Broker holding the active ruleset. Default: "
      + "VIGIL_MQTT_URL, else " + MqttSettings.DEFAULT_URL + ".")
  String mqttUrl;

  @Option(names = "--rules-topic", paramLabel = "TOPIC", description = "Default: VIGIL_RULES_TOPIC, else "
      + Topics.RULES + ".")
  String rulesTopic;

  @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationOption.class,
      description = "History read before --from to prime rolling windows and antecedent rain; alerts opened in it"
          + " are not reported. Default: P11D.")
  Duration warmup = BacktestOptions.DEFAULT_WARMUP;

  @Option(names = "--chunk", paramLabel = "DURATION", converter = DurationOption.class,
      description = "Time span of one InfluxDB query. Default: P1D.")
  Duration chunk = BacktestOptions.DEFAULT_CHUNK;

  @Option(names = "--match-within", paramLabel = "DURATION", converter = DurationOption.class,
      description = "Alerts that do not overlap are the same alert earlier/later if they open at most this far"
          + " apart. Default: PT24H.")
  Duration matchWithin = BacktestOptions.DEFAULT_MATCH_WITHIN;

  @Option(names = "--parallelism", description = "Parallelism of the local Flink job. Default: 1.")
  int parallelism = 1;

  @Option(names = "--mode", paramLabel = "MODE", description = "Judge the proposed rules in this command mode "
      + "(daily, holiday, emergency): the levels the ruleset's modes: section gives it; the rules compared against "
      + "stay in daily mode. Default: daily.")
  String mode;

  @Option(names = "--region", paramLabel = "REGION", description = "With --mode: only the sites of this region (and "
      + "the regions below it) are in that mode. Needs the registry (--registry or VIGIL_REGISTRY_FILE).")
  String region;

  @Option(names = "--registry", paramLabel = "FILE", description = "The registry: site regions and tags for --mode,"
      + " and the devices the health rules are replayed against (as if it had been in force throughout). Default:"
      + " VIGIL_REGISTRY_FILE, if set; without one, health rules are not replayed.")
  Path registry;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--no-progress", description = "No progress line on stderr.")
  boolean noProgress;

  @Spec CommandSpec spec;

  /** Where settings not given as options come from; tests replace it. */
  Function<String, String> environment = VigilRulesCli.ENVIRONMENT;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String newYaml;
    RuleSet newRules;
    try {
      newYaml = Files.readString(rules);
      newRules = RuleSetLoader.parse(newYaml, rules.toString());
    } catch (RuleSetInvalidException e) {
      e.problems().forEach(err::println);
      err.println(rules + ": " + e.problems().size() + " problem(s)");
      return 1;
    } catch (java.io.IOException e) {
      err.println(rules + ": cannot read: " + e.getMessage());
      return 1;
    }
    String againstYaml;
    String againstSource;
    if (against != null) {
      againstYaml = Files.readString(against);
      againstSource = against.toString();
    } else {
      String url = or(mqttUrl, MqttSettings.URL);
      String topic = or(rulesTopic, JobSettings.RULES_TOPIC);
      Optional<String> retained = Optional.empty();
      String why;
      try {
        retained = RulesPublisher.retainedInForce(url,
            MqttClientSecurity.forIdentity(environment, MqttClientSecurity.TOOLS), topic, Duration.ofSeconds(2));
        why = "no retained ruleset on " + topic + " at " + url;
      } catch (Exception e) {
        why = "broker " + url + " not reachable (" + e.getMessage() + ")";
      }
      if (retained.isPresent() && !retained.get().isBlank()) {
        againstYaml = retained.get();
        againstSource = "the active ruleset, retained on " + topic + " at " + url;
      } else {
        RulesetUpdate start = RulesFile.load(new SettingsReader(environment).raw(JobSettings.RULES_FILE));
        againstYaml = start.yaml();
        againstSource = "the job's start-up rules " + start.source() + " (" + why + ")";
      }
    }
    RuleSet againstRules;
    try {
      againstRules = RuleSetLoader.parse(againstYaml, againstSource);
    } catch (RuleSetInvalidException e) {
      e.problems().forEach(err::println);
      err.println("the rules to compare against are invalid: " + againstSource);
      return 1;
    }
    InfluxCredentials credentials;
    try {
      credentials = InfluxCredentials.fromLookup(environment);
    } catch (IllegalArgumentException e) {
      err.println("InfluxDB credentials: " + e.getMessage());
      return 2;
    }
    BacktestOptions o = new BacktestOptions(or(influxUrl, InfluxSettings.URL),
        or(database, InfluxSettings.DB), credentials, from.toEpochMilli(), to.toEpochMilli(), warmup, chunk, parallelism,
        matchWithin, AnalyticsOptions.fromLookup(environment)).validate();
    Registry reg;
    Path file = registry;
    if (file == null) {
      String env = new SettingsReader(environment).raw(JobSettings.REGISTRY_FILE);
      file = env == null || env.isBlank() ? null : Path.of(env.strip());
    }
    try {
      reg = file == null ? null : RegistryLoader.parse(Files.readString(file), file.toString());
    } catch (IllegalArgumentException | java.io.IOException | RegistryInvalidException e) {
      err.println("registry " + file + ": " + e.getMessage());
      return 2;
    }
    o = o.withRegistry(reg);
    try {
      // Health rules judged as often as the job judges them.
      o = o.withHealthInterval(new SettingsReader(environment).get(JobSettings.DEVICE_HEALTH_INTERVAL)).validate();
    } catch (RuntimeException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (mode != null || region != null) {
      Mode m = Mode.fromWire(mode == null ? "daily" : mode);
      if (m == null) {
        err.println("--mode must be daily, holiday or emergency, not '" + mode + "'");
        return 2;
      }
      try {
        o = o.inMode(BacktestMode.of(m, region, reg));
      } catch (IllegalArgumentException e) {
        err.println("--mode/--region: " + e.getMessage());
        return 2;
      }
    }
    BacktestJob.Result result;
    try {
      result = BacktestJob.run(o, newRules, againstRules, !noProgress);
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      err.println("backtest failed: " + root.getClass().getSimpleName() + ": " + root.getMessage());
      return FAILED;
    }
    BacktestReport report = BacktestReport.of(o, rules.toString(), newRules, againstSource, againstRules, result);
    out.print(json ? report.json() + "\n" : report.text());
    out.flush();
    return 0;
  }

  /** {@code given}, else the setting from the environment, else its default; a bad value is refused. */
  private String or(String given, Setting<?> s) {
    if (given != null && !given.isBlank()) {
      return given;
    }
    SettingsReader r = new SettingsReader(environment);
    Object v = r.get(s);
    r.check();
    return String.valueOf(v);
  }
}
