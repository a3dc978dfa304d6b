package org.vigil.cli.alerts;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.alerts.notify.ControlMessageException;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SilenceJson;
import org.vigil.connectors.mqtt.MqttSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil alerts silences}: the retained silences on the broker, with whether each is in force now. */
@Command(name = "silences", mixinStandardHelpOptions = true, description = "Lists the silences (retained messages).")
final class SilencesCommand implements Callable<Integer> {

  @Mixin AlertsSettings settings = new AlertsSettings();

  @Option(names = "--wait", paramLabel = "DURATION", description = "How long to collect retained messages after the "
      + "last one arrived. Default: 1s.")
  Duration wait = Duration.ofSeconds(1);

  @Spec CommandSpec spec;

  SilencesCommand(Function<String, String> environment) {
    settings.environment = environment;
  }

  /** The silences retained on the broker, by id; invalid ones are reported in {@code bad}. */
  static List<Silence> read(String url, MqttClientSecurity security, Duration wait, List<String> bad,
      Map<String, String> topicById) throws MqttException, InterruptedException {
    List<Silence> out = new ArrayList<>();
    try (MqttSession mqtt = MqttSession.connect(url, security, Duration.ofSeconds(5))) {
      // vigil/config/silences/<identity>/<id>, and the old vigil/config/silences/<id>
      mqtt.subscribe(CommandTopics.filter(CommandTopics.SILENCES_BASE), Duration.ofSeconds(5));
      MqttSession.Received r;
      while ((r = mqtt.poll(wait)) != null) {
        if (!r.retained() || r.payload().isEmpty()) {
          continue;
        }
        try {
          Silence silence = SilenceJson.decode(r.topic(), r.payload());
          out.add(silence);
          topicById.put(silence.id(), r.topic());
        } catch (ControlMessageException e) {
          bad.add(r.topic() + ": " + e.getMessage());
        }
      }
    }
    out.sort(Comparator.comparing(Silence::id));
    return out;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<String> bad = new ArrayList<>();
    List<Silence> all;
    try {
      all = read(settings.mqtt(), settings.security(), wait, bad, new HashMap<>());
    } catch (MqttException e) {
      out.println("cannot reach the MQTT broker at " + settings.mqtt() + ": " + e.getMessage()
          + "\n  check --mqtt-url / VIGIL_MQTT_URL and that the broker is running (./vigil services status)");
      out.flush();
      return VigilAlertsCli.FAILED;
    }
    long now = Instant.now().toEpochMilli();
    if (all.isEmpty()) {
      out.println("no silences");
    }
    for (Silence s : all) {
      String state = s.activeAt(now) ? "in force" : s.endsAtMs() <= now ? "ended" : "not yet started";
      out.println(s.id() + "  " + state + "  " + SilenceCommand.describe(s));
    }
    for (String b : bad) {
      out.println("invalid (the job ignores it; fix or unsilence it): " + b);
    }
    out.flush();
    return VigilAlertsCli.OK;
  }
}
