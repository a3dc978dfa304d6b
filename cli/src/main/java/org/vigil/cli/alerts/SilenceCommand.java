package org.vigil.cli.alerts;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SilenceJson;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.connectors.mqtt.MqttSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil alerts silence}: publishes a silence (maintenance window) retained on {@code
 * vigil/config/silences/{id}}. Matching transitions are still stored and published on the live feed, but not sent as
 * notifications while it is in force.
 */
@Command(name = "silence", mixinStandardHelpOptions = true,
    description = "Silences notifications for sites, sensors and/or rules (globs * and ?) for a while.")
final class SilenceCommand implements Callable<Integer> {

  @Mixin AlertsSettings settings = new AlertsSettings();

  @Option(names = "--id", description = "The silence's id (letters, digits, - and _). Default: a new one.")
  String id;

  @Option(names = "--site", paramLabel = "GLOB", description = "Site glob; repeat for more.")
  List<String> sites = new ArrayList<>();

  @Option(names = "--sensor", paramLabel = "GLOB", description = "Sensor glob (sensor id or site/kind/sensor); "
      + "repeat for more.")
  List<String> sensors = new ArrayList<>();

  @Option(names = "--rule", paramLabel = "GLOB", description = "Rule id glob; repeat for more.")
  List<String> rules = new ArrayList<>();

  @Option(names = "--for", paramLabel = "DURATION", description = "How long from the start (2h, 30m).")
  Duration duration;

  @Option(names = "--until", paramLabel = "TIME", description = "End, ISO-8601 UTC (2026-11-29T18:00:00Z).")
  String until;

  @Option(names = "--from", paramLabel = "TIME", description = "Start, ISO-8601 UTC. Default: now.")
  String from;

  @Option(names = "--by", required = true, description = "Who sets it.")
  String by;

  @Option(names = "--comment", description = "Why.")
  String comment = "";

  @Spec CommandSpec spec;

  SilenceCommand(Function<String, String> environment) {
    settings.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<String> problems = new ArrayList<>();
    long start = Instant.now().toEpochMilli() / 1000 * 1000;
    long end = 0;
    try {
      if (from != null) {
        start = Instant.parse(from).toEpochMilli();
      }
    } catch (DateTimeParseException e) {
      problems.add("--from '" + from + "' is not an ISO-8601 UTC time such as 2026-11-29T10:00:00Z");
    }
    if ((duration == null) == (until == null)) {
      problems.add("give either --for (e.g. 2h) or --until (e.g. 2026-11-29T18:00:00Z)");
    } else if (duration != null) {
      end = start + duration.toMillis();
    } else {
      try {
        end = Instant.parse(until).toEpochMilli();
      } catch (DateTimeParseException e) {
        problems.add("--until '" + until + "' is not an ISO-8601 UTC time such as 2026-11-29T18:00:00Z");
      }
    }
    String sid = id != null ? id : "s-" + UUID.randomUUID().toString().substring(0, 8);
    if (!sid.matches("[A-Za-z0-9_-]+")) {
      problems.add("--id '" + sid + "' may hold only letters, digits, - and _ (it is the last level of the topic)");
    }
    Silence s = new Silence(sid, sites, sensors, rules, start, end, by, comment);
    if (problems.isEmpty()) {
      problems.addAll(s.problems());
    }
    if (!problems.isEmpty()) {
      out.println("nothing published:\n  - " + String.join("\n  - ", problems));
      out.flush();
      return VigilAlertsCli.FAILED;
    }
    try (MqttSession mqtt = MqttSession.connect(settings.mqtt(), settings.security(), Duration.ofSeconds(5))) {
      mqtt.publish(CommandTopics.silenceTopic(settings.identity(), sid), SilenceJson.encode(s), true,
          Duration.ofSeconds(10));
    } catch (MqttException e) {
      out.println("cannot reach the MQTT broker at " + settings.mqtt() + ": " + e.getMessage()
          + "\n  check --mqtt-url / VIGIL_MQTT_URL and that the broker is running (./vigil services status)");
      out.flush();
      return VigilAlertsCli.FAILED;
    }
    out.println("silence " + sid + " published on " + CommandTopics.silenceTopic(settings.identity(), sid) + ": "
        + describe(s));
    out.println("lift it early with: vigil alerts unsilence " + sid);
    out.flush();
    return VigilAlertsCli.OK;
  }

  static String describe(Silence s) {
    return (s.sites().isEmpty() ? "" : "sites " + s.sites() + " ") + (s.sensors().isEmpty() ? "" : "sensors "
        + s.sensors() + " ") + (s.rules().isEmpty() ? "" : "rules " + s.rules() + " ") + "from "
        + AlertJson.isoTime(s.startsAtMs()) + " until " + AlertJson.isoTime(s.endsAtMs()) + " by " + s.createdBy()
        + (s.comment().isEmpty() ? "" : " (" + s.comment() + ")");
  }
}
