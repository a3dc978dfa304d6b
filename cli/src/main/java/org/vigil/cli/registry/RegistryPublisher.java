package org.vigil.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.cli.rules.StampedYaml;
import org.vigil.connectors.mqtt.MqttSession;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryInvalidException;
import org.vigil.registry.RegistryLoader;

/**
 * Publishes a registry to the running job, as {@code vigil rules publish} does a ruleset: validates it (refused whole,
 * every problem printed with its line), reads the version in force from the retained registries under the topic and
 * the job's retained status (the higher), stamps the file with version = that + 1, author and comment, publishes it
 * retained on {@code <topic>/<identity>} and waits for the job's answer on {@code <topic>/status}.
 */
final class RegistryPublisher {

  static final int ACCEPTED = 0;
  static final int REJECTED = 1;
  static final int NO_ANSWER = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String mqttUrl;
  private final MqttClientSecurity security;
  private final String topic;
  private final Duration statusWait;

  RegistryPublisher(String mqttUrl, MqttClientSecurity security, String topic, Duration statusWait) {
    this.mqttUrl = mqttUrl;
    this.security = security;
    this.topic = topic;
    this.statusWait = statusWait;
  }

  int publish(String yaml, String fileName, String author, String comment, PrintWriter out)
      throws InterruptedException {
    Registry registry;
    try {
      registry = RegistryLoader.parse(yaml, fileName);
    } catch (RegistryInvalidException e) {
      e.problems().forEach(out::println);
      out.println(fileName + ": " + e.problems().size() + " problem(s): nothing published");
      return REJECTED;
    }
    String statusTopic = topic + "/status";
    try (MqttSession mqtt = MqttSession.connect(mqttUrl, security, Duration.ofSeconds(5))) {
      mqtt.subscribe(CommandTopics.filter(topic), Duration.ofSeconds(5));
      long inForce = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < deadline) {
        MqttSession.Received r = mqtt.poll(Duration.ofNanos(Math.min(deadline - System.nanoTime(), 500_000_000L)));
        if (r == null) {
          break; // retained messages come at once after the subscription
        }
        if (r.topic().equals(statusTopic)) {
          inForce = Math.max(inForce, json(r.payload()).path("activeVersion").asLong(0));
        } else if (!r.payload().isEmpty()) {
          try {
            Long v = RegistryLoader.parse(r.payload(), r.topic()).version();
            inForce = Math.max(inForce, v == null ? 0 : v);
          } catch (RegistryInvalidException e) {
            out.println("note: the retained registry on " + r.topic() + " is not valid; its version is taken from "
                + "the job's status");
          }
        }
      }
      long version = inForce + 1;
      String stamped = StampedYaml.stamp(yaml, version, author, comment);
      Registry check = RegistryLoader.parse(stamped, fileName + " (as published)");
      if (check.version() == null || check.version() != version) {
        throw new IllegalStateException("could not set version/author/comment in " + fileName
            + ": write them as plain top-level fields");
      }
      out.println("publishing " + fileName + " as version " + version + " by " + author + " (" + comment + "): "
          + registry.summary() + "; in force: " + (inForce == 0 ? "the job's start-up registry" : "version "
          + inForce));
      String own = stripWildcard(topic) + "/" + CommandTopics.identityOf(security.username());
      mqtt.publishRetained(own, stamped, Duration.ofSeconds(10));
      out.println("  published retained (QoS 1) on " + own + "; waiting up to " + statusWait.toSeconds()
          + " s for the job's answer on " + statusTopic);
      Optional<MqttSession.Received> answer = mqtt.await(statusTopic,
          r -> json(r.payload()).path("version").asLong(Long.MIN_VALUE) == version, statusWait);
      if (answer.isEmpty()) {
        out.println("no answer from the job for version " + version + " within " + statusWait.toSeconds()
            + " s: is the monitoring job running with a registry? The registry stays retained and the job takes it "
            + "when it starts.");
        return NO_ANSWER;
      }
      JsonNode s = json(answer.get().payload());
      out.println("job: version " + version + " " + s.path("status").asText() + " (in force: version "
          + s.path("activeVersion").asText("?") + ")");
      s.path("problems").forEach(p -> out.println("  " + p.asText()));
      return "accepted".equals(s.path("status").asText()) ? ACCEPTED : REJECTED;
    } catch (MqttException e) {
      throw new IllegalStateException("MQTT broker " + mqttUrl + ": " + e.getMessage() + " (reason "
          + e.getReasonCode() + ")", e);
    }
  }

  private static String stripWildcard(String t) {
    return t.endsWith("/#") ? t.substring(0, t.length() - 2) : t;
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
