package org.vigil.cli.rules;

import java.util.function.Function;
import org.vigil.alerts.rules.RulesCli;
import org.vigil.cli.launcher.CliLogging;
import org.vigil.jobs.monitoring.MonitoringConfig;
import picocli.CommandLine;

/**
 * Entry point of {@code vigil rules}: the rule-file commands of {@link RulesCli} ({@code validate}, {@code diff})
 * plus those that need Flink or the services, {@code backtest} ({@link BacktestCommand}) and {@code publish}
 * ({@link PublishCommand}). Settings not given as options come from the same VIGIL_* environment as the job.
 */
public final class VigilRulesCli {

  /** The job's settings source: environment, with {@code -D} system properties first. */
  static final Function<String, String> ENVIRONMENT = MonitoringConfig.environment();

  private VigilRulesCli() {}

  /** The full command line. */
  public static CommandLine commandLine() {
    CommandLine cl = RulesCli.commandLine();
    cl.addSubcommand("backtest", new BacktestCommand());
    cl.addSubcommand("publish", new PublishCommand());
    return cl;
  }

  public static void main(String[] args) {
    CliLogging.quiet("vigil.rules.log");
    System.exit(commandLine().execute(args));
  }
}
