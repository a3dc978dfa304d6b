package org.vigil.cli.launcher;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;

/** Logging of the command-line tools ({@code vigil rules}, {@code vigil alerts}). */
public final class CliLogging {

  private CliLogging() {}

  /**
   * Logging to stderr (stdout is the command's answer, possibly JSON): Vigil at WARN unless the system property
   * {@code levelProperty} says otherwise (e.g. {@code -Dvigil.rules.log=info}), everything else (Flink's MiniCluster
   * start-up chatter among it) at ERROR.
   */
  public static void quiet(String levelProperty) {
    var b = ConfigurationBuilderFactory.newConfigurationBuilder();
    b.add(b.newAppender("stderr", "Console").addAttribute("target", "SYSTEM_ERR")
        .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %-5level %c{1} - %msg%n")));
    String level = System.getProperty(levelProperty, "warn");
    b.add(b.newRootLogger(Level.ERROR).add(b.newAppenderRef("stderr")));
    b.add(b.newLogger("org.vigil", Level.toLevel(level, Level.WARN))
        .add(b.newAppenderRef("stderr")).addAttribute("additivity", false));
    Configurator.reconfigure(b.build());
  }
}
