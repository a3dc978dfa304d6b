package org.vigil.cli.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.AckJson;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.connectors.mqtt.MqttSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.vigil.core.settings.JobSettings;

/**
 * {@code vigil alerts ack}: publishes an acknowledgement on the control topic (QoS 1, not retained) and waits for the
 * job's decision on {@code vigil/{site}/acks}. Exit codes: 0 accepted, 1 refused (the reason is printed), 3 no answer.
 */
@Command(name = "ack", mixinStandardHelpOptions = true,
    description = "Acknowledges an open alert and waits for the monitoring job's decision.")
final class AckCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin AlertsSettings settings = new AlertsSettings();

  @Parameters(paramLabel = "ALERT_ID", description = "The alert's id (vigil alerts list shows it).")
  String alertId;

  @Option(names = "--site", required = true, description = "The alert's site.")
  String site;

  @Option(names = "--by", required = true, description = "Who acknowledges (stored with the alert).")
  String by;

  @Option(names = "--comment", description = "Why, or what is being done.")
  String comment = "";

  @Option(names = "--topic", paramLabel = "TOPIC", description = "Default: <VIGIL_ACK_TOPIC, else vigil/control/ack>/<the tools' MQTT identity>.")
  String topic;

  @Option(names = "--wait", paramLabel = "DURATION", description = "How long to wait for the job's decision. "
      + "Default: 15s.")
  Duration wait = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  AckCommand(Function<String, String> environment) {
    settings.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    // Whole seconds: the time the job stamps on the acknowledged transition, and how the answer is matched.
    Ack ack = new Ack(alertId, site, by, Instant.now().toEpochMilli() / 1000 * 1000, comment);
    // Under the tools' own identity (vigil/control/ack/vigil-tools): the job records who sent it.
    String t = topic != null ? topic
        : CommandTopics.ackTopic(settings.setting(JobSettings.ACK_TOPIC), settings.identity());
    String answers = AckJson.decisionTopic(site);
    try (MqttSession mqtt = MqttSession.connect(settings.mqtt(), settings.security(), Duration.ofSeconds(5))) {
      mqtt.subscribe(answers, Duration.ofSeconds(5));
      mqtt.publish(t, AckJson.encode(ack), false, Duration.ofSeconds(10));
      out.println("acknowledgement of " + alertId + " at " + site + " by " + by + " sent on " + t
          + "; waiting for the job's decision on " + answers);
      out.flush();
      Optional<MqttSession.Received> answer = mqtt.await(answers, r -> matches(r.payload(), ack), wait);
      if (answer.isEmpty()) {
        out.println("no decision from the job within " + wait.toSeconds() + " s: is the monitoring job running and "
            + "subscribed to " + t + "? (its answer may still come; check with vigil alerts list)");
        out.flush();
        return VigilAlertsCli.NO_ANSWER;
      }
      JsonNode d = JSON.readTree(answer.get().payload());
      if (d.path("accepted").asBoolean()) {
        out.println("accepted: " + alertId + " is acknowledged by " + by + " at " + d.path("at").asText());
        out.flush();
        return VigilAlertsCli.OK;
      }
      out.println("refused: " + d.path("reason").asText());
      out.flush();
      return VigilAlertsCli.FAILED;
    } catch (MqttException e) {
      out.println("cannot reach the MQTT broker at " + settings.mqtt() + ": " + e.getMessage()
          + "\n  check --mqtt-url / VIGIL_MQTT_URL and that the broker is running (./vigil services status)");
      out.flush();
      return VigilAlertsCli.FAILED;
    }
  }

  private static boolean matches(String payload, Ack ack) {
    try {
      JsonNode d = JSON.readTree(payload);
      return ack.alertId().equals(d.path("alertId").asText()) && ack.by().equals(d.path("by").asText())
          && Instant.parse(d.path("at").asText()).toEpochMilli() == ack.atMs();
    } catch (Exception e) {
      return false;
    }
  }
}
