package org.vigil.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.mqtt.MqttSession;
import picocli.CommandLine;

/**
 * {@code vigil rules publish} against the real broker: the retained ruleset's content and version increments, an
 * invalid file refused whole, the job's answer printed, and exit code 3 when no job answers. The job's side is
 * simulated here by a small subscriber that answers on {@code <topic>/status} as the monitoring job does; the real
 * job's answer is covered by the lead's hot-reload IT (RulesHotReloadIT).
 */
class RulesPublishIT {

  private static final String RULES = """
      # rules for the pilot
      rules:
        - id: rain-1h
          scope: {kinds: [rain]}
          metric: rain_1h
          condition: {type: threshold}
          levels:
            yellow: {raise: %s, clear: 15}
      """;

  private String topic;

  /** The identity the tool publishes under: vigil-tools with MQTT security, anonymous on a plain broker. */
  private static final String IDENTITY =
      CommandTopics.identityOf(MqttClientSecurity.forIdentity(MqttClientSecurity.TOOLS).username());
  private MqttAsyncClient fakeJob;
  private final AtomicReference<String> answer = new AtomicReference<>("accepted");

  @BeforeEach
  void fakeJob() throws Exception {
    topic = "it-publish-" + System.nanoTime() + "/config/rules";
    fakeJob = new MqttAsyncClient(TestServices.mqttUrl(), "it-publish-job-" + System.nanoTime(),
        new MemoryPersistence());
    fakeJob.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String t, MqttMessage m) throws Exception {
        if (t.endsWith("/status") || m.getPayload().length == 0) {
          return; // its own answers
        }
        RuleSet r = RuleSetLoader.parse(new String(m.getPayload(), StandardCharsets.UTF_8), t);
        ObjectNode s = new ObjectMapper().createObjectNode();
        s.put("version", r.version());
        boolean ok = answer.get().equals("accepted");
        s.put("status", answer.get());
        s.put("activeVersion", ok ? r.version() : r.version() - 1);
        s.put("summary", ok ? "as simulated" : "refused: simulated problem");
        var problems = s.putArray("problems");
        if (!ok) {
          problems.add("rules:1:1: simulated problem");
        }
        fakeJob.publish(topic + "/status", new MqttMessage(s.toString().getBytes(StandardCharsets.UTF_8), 1, true,
            null));
      }

      @Override
      public void disconnected(MqttDisconnectResponse r) {}

      @Override
      public void mqttErrorOccurred(MqttException e) {}

      @Override
      public void deliveryComplete(IMqttToken token) {}

      @Override
      public void connectComplete(boolean reconnect, String serverUri) {}

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    });
    fakeJob.connect(new MqttConnectionOptions()).waitForCompletion(5000);
    fakeJob.subscribe(topic + "/+", 1).waitForCompletion(5000); // <topic>/<publisher's identity>, as the job
  }

  @AfterEach
  void clear() throws Exception {
    if (fakeJob.isConnected()) {
      fakeJob.disconnect().waitForCompletion(2000);
    }
    fakeJob.close();
    // Retained messages of this test's topics removed (an empty retained message deletes one).
    try (MqttSession m = MqttSession.connect(TestServices.mqttUrl(), Duration.ofSeconds(5))) {
      m.publishRetained(topic + "/" + IDENTITY, "", Duration.ofSeconds(5));
      m.publishRetained(topic + "/status", "", Duration.ofSeconds(5));
    }
  }

  private record Run(int code, String out) {}

  private Run publish(Path file, String... more) {
    StringWriter out = new StringWriter();
    CommandLine cl = VigilRulesCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(out));
    List<String> args = new java.util.ArrayList<>(List.of("publish", file.toString(), "--author", "Ana",
        "--comment", "lower yellow for the wet season", "--mqtt-url", TestServices.mqttUrl(), "--rules-topic", topic));
    args.addAll(List.of(more));
    int code = cl.execute(args.toArray(String[]::new));
    return new Run(code, out.toString());
  }

  private RuleSet retained() throws Exception {
    String yaml = RulesPublisher.retainedInForce(TestServices.mqttUrl(), MqttClientSecurity.forIdentity(
        MqttClientSecurity.TOOLS), topic, Duration.ofSeconds(3)).orElseThrow();
    return RuleSetLoader.parse(yaml, topic);
  }

  @Test
  void publishesVersionedRetainedRulesAndPrintsTheJobsAnswer(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), RULES.formatted(20));
    Run first = publish(file);
    assertThat(first.code()).as(first.out()).isZero();
    assertThat(first.out()).contains("as version 1 by Ana", "in force: no published ruleset",
        "1 added (rain-1h)", "job: version 1 accepted (in force: version 1): as simulated");
    RuleSet v1 = retained();
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.author()).isEqualTo("Ana");
    assertThat(v1.comment()).isEqualTo("lower yellow for the wet season");
    assertThat(v1.rules().get(0).levels().get(0).raise()).isEqualTo(20);

    Files.writeString(file, RULES.formatted(18));
    Run second = publish(file);
    assertThat(second.code()).as(second.out()).isZero();
    assertThat(second.out()).contains("as version 2", "in force: version 1", "1 changed (rain-1h: levels)",
        "job: version 2 accepted");
    RuleSet v2 = retained();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.rules().get(0).levels().get(0).raise()).isEqualTo(18);
  }

  @Test
  void anInvalidFileIsRefusedWholeAndNothingIsPublished(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), RULES.formatted("ten") + "    pending: soon\n");
    Run r = publish(file);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("bad.yaml:", "2 problem(s): nothing published");
    assertThat(RulesPublisher.retainedInForce(TestServices.mqttUrl(), MqttClientSecurity.forIdentity(
        MqttClientSecurity.TOOLS), topic, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void aRejectionIsPrintedWithItsProblems(@TempDir Path dir) throws Exception {
    answer.set("rejected");
    Run r = publish(Files.writeString(dir.resolve("rules.yaml"), RULES.formatted(20)));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("job: version 1 rejected (in force: version 0): refused: simulated problem",
        "rules:1:1: simulated problem");
  }

  @Test
  void withoutAnAnswerItSaysSoAndExitsWith3(@TempDir Path dir) throws Exception {
    fakeJob.disconnect().waitForCompletion(2000);
    long t0 = System.nanoTime();
    Run r = publish(Files.writeString(dir.resolve("rules.yaml"), RULES.formatted(20)), "--wait", "PT1S");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("no answer from the job for version 1 within 1 s");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(retained().version()).isEqualTo(1); // published all the same: the job takes it when it starts
  }
}
