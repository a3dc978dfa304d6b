package org.vigil.jobs.rules.cli;

import java.util.function.Function;
import org.vigil.alerts.rules.RulesCli;
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
    quietLogging();
    System.exit(commandLine().execute(args));
  }

  /**
   * Logging of the command: to stderr (stdout is the report, possibly JSON), Vigil at WARN and Flink's MiniCluster at
   * ERROR, so that a backtest prints its report and progress line rather than the cluster's start-up chatter.
   * Set {@code -Dvigil.rules.log=info} for more.
   */
  static void quietLogging() {
    var b = org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory.newConfigurationBuilder();
    b.add(b.newAppender("stderr", "Console").addAttribute("target", "SYSTEM_ERR")
        .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %-5level %c{1} - %msg%n")));
    String level = System.getProperty("vigil.rules.log", "warn");
    b.add(b.newRootLogger(org.apache.logging.log4j.Level.ERROR).add(b.newAppenderRef("stderr")));
    b.add(b.newLogger("org.vigil", org.apache.logging.log4j.Level.toLevel(level, org.apache.logging.log4j.Level.WARN))
        .add(b.newAppenderRef("stderr")).addAttribute("additivity", false));
    org.apache.logging.log4j.core.config.Configurator.reconfigure(b.build());
  }
}
