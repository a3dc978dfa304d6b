package org.vigil.cli.alerts;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.alerts.notify.Silence;
import org.vigil.connectors.mqtt.MqttSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil alerts unsilence}: lifts a silence by publishing an empty retained message on its topic (which deletes
 * the retained silence; the job removes it). What it held back and is still open is then notified.
 */
@Command(name = "unsilence", mixinStandardHelpOptions = true, description = "Lifts a silence now.")
final class UnsilenceCommand implements Callable<Integer> {

  @Mixin AlertsSettings settings = new AlertsSettings();

  @Parameters(paramLabel = "ID", description = "The silence's id (vigil alerts silences lists them).")
  String id;

  @Spec CommandSpec spec;

  UnsilenceCommand(Function<String, String> environment) {
    settings.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String topic;
    try {
      Map<String, String> topics = new HashMap<>();
      List<Silence> known = SilencesCommand.read(settings.mqtt(), settings.security(), Duration.ofMillis(500),
          new ArrayList<>(), topics);
      if (known.stream().noneMatch(s -> s.id().equals(id))) {
        out.println("no silence '" + id + "' is retained on the broker; known: "
            + (known.isEmpty() ? "none" : known.stream().map(Silence::id).toList()));
        out.flush();
        return VigilAlertsCli.FAILED;
      }
      topic = topics.get(id);
      String author = CommandTopics.silenceAuthor(topic);
      if (!author.equals(settings.identity())) {
        // Each identity may change only its own retained silences (the broker enforces it when security is on).
        out.println("silence " + id + " was set by MQTT identity " + author + " (" + topic + "), not by "
            + settings.identity() + ": lift it with that identity (the console lifts its own from its silences page)");
        out.flush();
        return VigilAlertsCli.FAILED;
      }
      try (MqttSession mqtt = MqttSession.connect(settings.mqtt(), settings.security(), Duration.ofSeconds(5))) {
        mqtt.publish(topic, "", true, Duration.ofSeconds(10));
      }
    } catch (MqttException e) {
      out.println("cannot reach the MQTT broker at " + settings.mqtt() + " or it refused the lift: " + e.getMessage()
          + "\n  check --mqtt-url / VIGIL_MQTT_URL and that the broker is running (./vigil services status)");
      out.flush();
      return VigilAlertsCli.FAILED;
    }
    out.println("silence " + id + " lifted (its retained message on " + topic + " is deleted)");
    out.flush();
    return VigilAlertsCli.OK;
  }
}
