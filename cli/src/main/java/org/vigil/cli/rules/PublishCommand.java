package org.vigil.cli.rules;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vigil.alerts.rules.DurationOption;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.vigil.core.settings.JobSettings;
import org.vigil.core.settings.MqttSettings;
import org.vigil.core.settings.Setting;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.topics.Topics;

/**
 * {@code vigil rules publish}: validates a ruleset and publishes it to the running job (see {@link RulesPublisher}).
 * Exit codes: 0 accepted by the job, 1 invalid or rejected, 2 usage, 3 published but no answer from the job.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Validates a ruleset, gives it the next version and publishes it retained to the monitoring job; "
        + "waits for the job's answer.")
public final class PublishCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "The ruleset (YAML).")
  Path file;

  @Option(names = "--author", required = true, description = "Who makes this change (kept in the audit).")
  String author;

  @Option(names = "--comment", required = true, description = "Why (kept in the audit).")
  String comment;

  @Option(names = "--mqtt-url", paramLabel = "URL", description = "Default: VIGIL_MQTT_URL, else "
      + MqttSettings.DEFAULT_URL + ".")
  String mqttUrl;

  @Option(names = "--rules-topic", paramLabel = "TOPIC", description = "Default: VIGIL_RULES_TOPIC, else "
      + Topics.RULES + ".")
  String rulesTopic;

  @Option(names = "--wait", paramLabel = "DURATION", converter = DurationOption.class,
      description = "How long to wait for the job's answer. Default: PT15S.")
  Duration wait = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  Function<String, String> environment = VigilRulesCli.ENVIRONMENT;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (java.io.IOException e) {
      out.println(file + ": cannot read: " + e.getMessage());
      return RulesPublisher.REJECTED;
    }
    String url = mqttUrl != null ? mqttUrl : setting(MqttSettings.URL);
    String topic = rulesTopic != null ? rulesTopic : setting(JobSettings.RULES_TOPIC);
    // As the tools' MQTT identity (vigil-tools): the ruleset goes on <topic>/vigil-tools, the job records who sent it.
    int code = new RulesPublisher(url, MqttClientSecurity.forIdentity(environment, MqttClientSecurity.TOOLS), topic,
        Duration.ofSeconds(2), wait).publish(yaml, file.toString(), author,
        comment, out);
    out.flush();
    return code;
  }

  /** The setting from the environment, else its default; a value that does not parse is refused. */
  private String setting(Setting<?> s) {
    SettingsReader r = new SettingsReader(environment);
    Object v = r.get(s);
    r.check();
    return v == null ? null : v.toString();
  }
}
