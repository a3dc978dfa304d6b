package org.vigil.cli.influx;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vigil.cli.launcher.CliLogging;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.connectors.influx.InfluxSetup;
import org.vigil.connectors.influx.RetentionOptions;
import org.vigil.jobs.monitoring.MonitoringConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code vigil influx}: InfluxDB operations. {@code vigil influx setup} creates the database, grants it
 * to the given users and sets up the retention policies and rollups ({@link InfluxSetup}), as an InfluxDB admin, once
 * before the job is submitted: the job itself runs no such statements. Settings not given as options come from the
 * job's VIGIL_* environment (VIGIL_INFLUX_URL, VIGIL_INFLUX_DB, VIGIL_INFLUX_USERNAME and
 * VIGIL_INFLUX_PASSWORD_FILE — here the admin's —, VIGIL_INFLUX_RETENTION, VIGIL_INFLUX_RAW_RETENTION,
 * VIGIL_INFLUX_ROLLUP_RETENTION). Exit codes: 0 done, 1 something could not be set up (the message says what and
 * why), 2 usage.
 */
@Command(name = "vigil influx", mixinStandardHelpOptions = true,
    description = "InfluxDB operations: set up Vigil's database before the job runs.",
    subcommands = {VigilInfluxCli.Setup.class})
public final class VigilInfluxCli {

  /** The job's settings source: environment, with {@code -D} system properties first. */
  static final Function<String, String> ENVIRONMENT = MonitoringConfig.environment();

  private VigilInfluxCli() {}

  /** The full command line with settings from {@code environment} (tests pass {@code Map::get}). */
  public static CommandLine commandLine(Function<String, String> environment) {
    CommandLine cl = new CommandLine(VigilInfluxCli.class);
    ((Setup) cl.getSubcommands().get("setup").getCommand()).environment = environment;
    return cl;
  }

  public static void main(String[] args) {
    CliLogging.quiet("vigil.influx.log");
    System.exit(commandLine(ENVIRONMENT).execute(args));
  }

  /** {@code vigil influx setup}. */
  @Command(name = "setup", mixinStandardHelpOptions = true,
      description = {"Create the database, grant it to Vigil's users and set up the retention policies raw and "
          + "rollup_1m with the rollups' continuous queries; idempotent. Run it as an InfluxDB admin "
          + "(VIGIL_INFLUX_USERNAME, VIGIL_INFLUX_PASSWORD_FILE) before the job is submitted; ./vigil run does it "
          + "for the local services."})
  static final class Setup implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--influx-url", paramLabel = "URL", description = "Default: VIGIL_INFLUX_URL, else "
        + "http://127.0.0.1:18086.")
    String influxUrl;

    @Option(names = "--influx-db", paramLabel = "DB", description = "Default: VIGIL_INFLUX_DB, else vigil.")
    String influxDb;

    @Option(names = "--grant", paramLabel = "USER", split = ",",
        description = "Users given ALL on the database (repeatable or comma-separated), e.g. "
            + "vigil-job,vigil-console,vigil-tools. Default: none.")
    List<String> grantees = new ArrayList<>();

    Function<String, String> environment = ENVIRONMENT;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String url = influxUrl != null ? influxUrl : env("VIGIL_INFLUX_URL", "http://127.0.0.1:18086");
      String db = influxDb != null ? influxDb : env("VIGIL_INFLUX_DB", "vigil");
      InfluxCredentials user;
      RetentionOptions retention;
      try {
        user = InfluxCredentials.fromLookup(environment);
        retention = RetentionOptions.fromLookup(environment);
      } catch (IllegalArgumentException | IllegalStateException e) {
        err.println("vigil influx setup: " + e.getMessage());
        return 2;
      }
      InfluxSetup.Report report;
      try (InfluxClient client = user.client(url)) {
        report = InfluxSetup.run(client, db, retention, grantees);
      }
      for (String d : report.done()) {
        out.println("done: " + d);
      }
      for (String p : report.problems()) {
        err.println("not done: " + p);
      }
      out.flush();
      err.flush();
      return report.ok() ? 0 : 1;
    }

    private String env(String key, String fallback) {
      String v = environment.apply(key);
      return v == null || v.isBlank() ? fallback : v.strip();
    }
  }
}
