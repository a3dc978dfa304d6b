package org.vigil.cli.registry;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vigil.alerts.rules.DurationOption;
import org.vigil.core.topics.Topics;
import org.vigil.core.settings.JobSettings;
import org.vigil.cli.launcher.CliLogging;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryInvalidException;
import org.vigil.registry.RegistryLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil registry validate FILE} (every problem as {@code file:line:column: message}; exit 1 when any) and
 * {@code vigil registry publish FILE --author --comment} (the next version, retained, and the job's answer: exit 0
 * accepted, 1 invalid or rejected, 3 no answer). Settings not given as options come from the job's VIGIL_* environment.
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
    description = "The registry of regions, sites and devices.",
    subcommands = {VigilRegistryCli.Validate.class, VigilRegistryCli.Publish.class})
public final class VigilRegistryCli implements Callable<Integer> {

  static final Function<String, String> ENVIRONMENT = MonitoringConfig.environment();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Checks a registry file. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Checks a registry file and prints every problem with its line and column.")
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try {
        Registry r = RegistryLoader.parse(Files.readString(file), file.toString());
        out.println(file + ": valid: " + r.summary() + ", no data after " + r.noData().factor() + " intervals ("
            + r.noData().level().wireName() + ")");
        return 0;
      } catch (RegistryInvalidException e) {
        e.problems().forEach(out::println);
        out.println(file + ": " + e.problems().size() + " problem(s)");
        return 1;
      } finally {
        out.flush();
      }
    }
  }

  /** Publishes a registry to the running job. */
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Validates a registry, gives it the next version and publishes it retained to the monitoring "
          + "job; waits for the job's answer.")
  static final class Publish implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;

    @Option(names = "--author", required = true, description = "Who makes this change.")
    String author;

    @Option(names = "--comment", required = true, description = "Why.")
    String comment;

    @Option(names = "--registry-topic", paramLabel = "TOPIC",
        description = "Default: VIGIL_REGISTRY_TOPIC, else vigil/config/registry.")
    String topic;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationOption.class,
        description = "How long to wait for the job's answer (default PT15S).")
    Duration wait = Duration.ofSeconds(15);

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      String url = env("VIGIL_MQTT_URL", "tcp://127.0.0.1:18830");
      String t = topic != null ? topic : env(JobSettings.REGISTRY_TOPIC.key(), Topics.REGISTRY);
      int code = new RegistryPublisher(url, MqttClientSecurity.forIdentity(ENVIRONMENT, MqttClientSecurity.TOOLS), t,
          wait).publish(Files.readString(file), file.toString(), author, comment, out);
      out.flush();
      return code;
    }

    private static String env(String key, String fallback) {
      String v = ENVIRONMENT.apply(key);
      return v == null || v.isBlank() ? fallback : v;
    }
  }

  public static void main(String[] args) {
    CliLogging.quiet("vigil.registry.log");
    System.exit(new CommandLine(new VigilRegistryCli()).execute(args));
  }
}
