package org.vigil.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SilenceJson;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.mqtt.MqttSession;
import org.vigil.connectors.testing.TestInflux;

/**
 * {@code vigil alerts silence|silences|unsilence|list} against the real broker and InfluxDB (ack and redeliver run
 * against the whole job in {@code NotifyEndToEndIT}), and what the commands say when a service is not there.
 */
class AlertsCliIT {

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String db = "it_alerts_cli_" + run;
  private final Map<String, String> env = Map.of("VIGIL_MQTT_URL", TestServices.mqttUrl(), "VIGIL_INFLUX_URL",
      TestServices.influxUrl(), "VIGIL_INFLUX_DB", db, "VIGIL_INFLUX_USERNAME", TestServices.influxUsername(),
      "VIGIL_INFLUX_PASSWORD_FILE", TestServices.influxPasswordFile().toString());
  private final List<String> silenceIds = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    try (MqttSession m = MqttSession.connect(TestServices.mqttUrl(), Duration.ofSeconds(5))) {
      for (String id : silenceIds) {
        m.publish(CommandTopics.silenceTopic(Ack.ANONYMOUS, id), "", true, Duration.ofSeconds(5));
      }
    }
    TestInflux.client().dropDatabase(db);
  }

  @Test
  void silenceIsRetainedListedAndLiftedAndBadOnesAreRefusedWithTheReason() throws Exception {
    String id = "cli-" + run;
    silenceIds.add(id);
    long before = Instant.now().toEpochMilli();
    String out = cli(0, "silence", "--id", id, "--site", "hill-" + run, "--rule", "rain-*", "--for", "2h", "--by",
        "maria", "--comment", "gauge maintenance");
    // Without broker identities the tools publish under "anonymous" (the topic level names the sender).
    assertThat(out).contains("silence " + id + " published on vigil/config/silences/anonymous/" + id);

    // What the job would read: the retained message on the topic.
    Silence s;
    try (MqttSession m = MqttSession.connect(TestServices.mqttUrl(), Duration.ofSeconds(5))) {
      String topic = CommandTopics.silenceTopic(Ack.ANONYMOUS, id);
      m.subscribe(topic, Duration.ofSeconds(5));
      MqttSession.Received r = m.await(topic, x -> true, Duration.ofSeconds(5)).orElseThrow();
      assertThat(r.retained()).isTrue();
      s = SilenceJson.decode(r.topic(), r.payload());
    }
    assertThat(s.sites()).containsExactly("hill-" + run);
    assertThat(s.rules()).containsExactly("rain-*");
    assertThat(s.sensors()).isEmpty();
    assertThat(s.createdBy()).isEqualTo("maria");
    assertThat(s.endsAtMs() - s.startsAtMs()).isEqualTo(2 * 3_600_000L);
    assertThat(s.startsAtMs()).isBetween(before - 1000, Instant.now().toEpochMilli());

    assertThat(cli(0, "silences")).containsPattern(id + "  in force  sites \\[hill-" + run + "] rules \\[rain-\\*]");
    assertThat(cli(0, "unsilence", id)).contains("silence " + id + " lifted");
    assertThat(cli(0, "silences")).doesNotContain(id);
    assertThat(cli(1, "unsilence", id)).contains("no silence '" + id + "' is retained on the broker");

    assertThat(cli(1, "silence", "--by", "maria", "--for", "1h")).contains("nothing published")
        .contains("matches nothing: give sites, sensors or rules");
    assertThat(cli(1, "silence", "--site", "x", "--by", "maria")).contains("give either --for");
    assertThat(cli(1, "silence", "--site", "x", "--by", "maria", "--until", "tomorrow"))
        .contains("--until 'tomorrow' is not an ISO-8601 UTC time");
    assertThat(cli(2, "silence", "--site", "x", "--by", "m", "--for", "soon")).contains("'soon' is not a duration");
  }

  @Test
  void listShowsTheLastTransitionOfEachOpenAlertWithWhoAcknowledgedIt() throws Exception {
    InfluxClient influx = TestInflux.client();
    influx.createDatabase(db);
    long t = (System.currentTimeMillis() - 3_600_000L) / 1000 * 1000;
    String site = "s" + run;
    // a1: opened yellow, escalated orange, acknowledged. a2: opened and resolved. a3: opened red, acked, then
    // escalated (an escalation re-arms it: not acknowledged any more).
    String lines = String.join("\n",
        p(site, "r1", "yellow", "opened", "a1", site + "/rain/g1", t, t, ""),
        p(site, "r1", "orange", "escalated", "a1", site + "/rain/g1", t, t + 60_000, ""),
        p(site, "r1", "orange", "acknowledged", "a1", site + "/rain/g1", t, t + 120_000, "maria"),
        p(site, "r2", "blue", "opened", "a2", site + "/rain/g2", t, t + 1000, ""),
        p(site, "r2", "none", "resolved", "a2", site + "/rain/g2", t, t + 2000, ""),
        p(site, "r3", "orange", "opened", "a3", site + "/tilt/t1", t + 5000, t + 5000, ""),
        p(site, "r3", "orange", "acknowledged", "a3", site + "/tilt/t1", t + 5000, t + 6000, "ana"),
        p(site, "r3", "red", "escalated", "a3", site + "/tilt/t1", t + 5000, t + 7000, ""));
    influx.write(db, lines);
    String out = cli(0, "list");
    assertThat(out).contains("2 open alerts").doesNotContain("a2");
    List<String> rows = out.lines().filter(l -> l.startsWith("red") || l.startsWith("orange")).toList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).startsWith("red").contains(site + "/tilt/t1").contains("r3").matches(".* - +a3");
    assertThat(rows.get(1)).startsWith("orange").contains(site + "/rain/g1").matches(".* maria +a1");
    assertThat(cli(0, "list", "--site", "nowhere")).contains("no open alerts at nowhere");
  }

  @Test
  void unreachableServicesAreNamedWithWhatToCheck() {
    Map<String, String> dead = Map.of("VIGIL_MQTT_URL", "tcp://127.0.0.1:1", "VIGIL_INFLUX_URL",
        "http://127.0.0.1:1", "VIGIL_INFLUX_DB", db);
    assertThat(cli(dead, 1, "silences")).contains("cannot reach the MQTT broker at tcp://127.0.0.1:1")
        .contains("VIGIL_MQTT_URL");
    assertThat(cli(dead, 1, "list")).contains("cannot read alerts from InfluxDB").contains("VIGIL_INFLUX_URL");
    assertThat(cli(dead, 1, "ack", "a1", "--site", "s", "--by", "m")).contains("cannot reach the MQTT broker");
  }

  private static String p(String site, String rule, String level, String state, String id, String subject,
      long started, long at, String ackedBy) {
    return "alerts,site=" + site + ",rule=" + rule + ",level=" + level + ",state=" + state + " id=\"" + id
        + "\",subject=\"" + subject + "\",value=1,started_at=" + started + "i"
        + (ackedBy.isEmpty() ? "" : ",acked_by=\"" + ackedBy + "\"") + " " + at;
  }

  private String cli(int expectedExit, String... args) {
    return cli(env, expectedExit, args);
  }

  private static String cli(Map<String, String> env, int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    int code = VigilAlertsCli.commandLine(env::get).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute(args);
    assertThat(code).as("exit code of vigil alerts %s; output: %s", String.join(" ", args), out)
        .isEqualTo(expectedExit);
    return out.toString();
  }
}
