package org.vigil.cli.alerts;

import java.time.Duration;
import java.util.function.Function;
import org.vigil.alerts.rules.DurationOption;
import org.vigil.cli.launcher.CliLogging;
import org.vigil.jobs.monitoring.MonitoringConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code vigil alerts}: the operator's commands on live alerts — {@code list}, {@code ack}, {@code
 * silence}, {@code unsilence}, {@code silences}, {@code redeliver}. Settings not given as options come from the same
 * VIGIL_* environment as the job. Exit codes: 0 done, 1 refused or failed (the message says why and what to do), 2
 * usage, 3 sent but no answer from the job in time.
 */
@Command(name = "vigil alerts", mixinStandardHelpOptions = true,
    description = "Operator commands on live alerts: list open alerts, acknowledge, silence, re-send dead-lettered "
        + "webhooks.")
public final class VigilAlertsCli {

  /** The job's settings source: environment, with {@code -D} system properties first. */
  static final Function<String, String> ENVIRONMENT = MonitoringConfig.environment();

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int NO_ANSWER = 3;

  private VigilAlertsCli() {}

  /** The full command line, settings from the environment. */
  public static CommandLine commandLine() {
    return commandLine(ENVIRONMENT);
  }

  /** The full command line with settings from {@code environment} (tests pass {@code Map::get}). */
  public static CommandLine commandLine(Function<String, String> environment) {
    CommandLine cl = new CommandLine(VigilAlertsCli.class);
    cl.addSubcommand("list", new ListCommand(environment));
    cl.addSubcommand("ack", new AckCommand(environment));
    cl.addSubcommand("silence", new SilenceCommand(environment));
    cl.addSubcommand("unsilence", new UnsilenceCommand(environment));
    cl.addSubcommand("silences", new SilencesCommand(environment));
    cl.addSubcommand("redeliver", new RedeliverCommand(environment));
    cl.registerConverter(Duration.class, new DurationOption());
    return cl;
  }

  public static void main(String[] args) {
    CliLogging.quiet("vigil.alerts.log");
    System.exit(commandLine().execute(args));
  }
}
