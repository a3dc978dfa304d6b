package org.vigil.cli.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetDiff;
import org.vigil.alerts.rules.RuleSetInvalidException;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttSession;
import org.vigil.core.topics.Topics;

/**
 * Publishes a ruleset to the running job: validates it (refused whole, every problem printed), reads the version in
 * force from the retained ruleset on the rules topic and the job's retained status on {@code <topic>/status} (the
 * higher of the two), stamps the file with version = that + 1 (1 when there is none), author and comment, prints
 * what changed, publishes it retained at QoS 1, and waits for the job's status for that version.
 */
public final class RulesPublisher {

  /** Exit code: the job accepted it. */
  public static final int ACCEPTED = 0;
  /** Exit code: invalid here or rejected by the job. */
  public static final int REJECTED = 1;
  /** Exit code: published, but no status from the job in time. */
  public static final int NO_ANSWER = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String mqttUrl;
  private final MqttClientSecurity security;
  private final String topic;
  private final Duration retainedWait;
  private final Duration statusWait;

  /**
   * @param mqttUrl broker
   * @param topic the rules topic (its status is on {@code topic + "/status"})
   * @param retainedWait how long to wait for the retained ruleset and status after subscribing
   * @param statusWait how long to wait for the job's status after publishing
   */
  public RulesPublisher(String mqttUrl, String topic, Duration retainedWait, Duration statusWait) {
    this(mqttUrl, MqttClientSecurity.forIdentity(MqttClientSecurity.TOOLS), topic, retainedWait, statusWait);
  }

  /** As above, connecting with the given identity (the console's: vigil-console). */
  public RulesPublisher(String mqttUrl, MqttClientSecurity security, String topic, Duration retainedWait,
      Duration statusWait) {
    this.mqttUrl = mqttUrl;
    this.security = security;
    this.topic = topic;
    this.retainedWait = retainedWait;
    this.statusWait = statusWait;
  }

  /**
   * The newest ruleset retained under {@code topic} ({@code <topic>/<identity>} or the old {@code <topic>}), by its
   * {@code version}; empty when none is retained. Read as the tools' identity.
   */
  public static Optional<String> retainedInForce(String mqttUrl, MqttClientSecurity security, String topic,
      Duration wait) throws MqttException, InterruptedException {
    String best = null;
    long bestVersion = -1;
    try (MqttSession mqtt = MqttSession.connect(mqttUrl, security, Duration.ofSeconds(5))) {
      mqtt.subscribe(CommandTopics.filter(topic), Duration.ofSeconds(5));
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        MqttSession.Received r = mqtt.poll(Duration.ofNanos(Math.min(deadline - System.nanoTime(), 500_000_000L)));
        if (r == null) {
          break;
        }
        if (r.topic().equals(Topics.status(topic)) || r.payload().isEmpty()) {
          continue;
        }
        long v;
        try {
          RuleSet rs = RuleSetLoader.parse(r.payload(), r.topic());
          v = rs.version() == null ? 0 : rs.version();
        } catch (RuleSetInvalidException e) {
          v = 0;
        }
        if (v > bestVersion) {
          bestVersion = v;
          best = r.payload();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Publishes and returns the exit code; everything said goes to {@code out}. */
  public int publish(String yaml, String fileName, String author, String comment, PrintWriter out)
      throws InterruptedException {
    RuleSet rules;
    try {
      rules = RuleSetLoader.parse(yaml, fileName);
    } catch (RuleSetInvalidException e) {
      e.problems().forEach(out::println);
      out.println(fileName + ": " + e.problems().size() + " problem(s): nothing published");
      return REJECTED;
    }
    String statusTopic = Topics.status(topic);
    try (MqttSession mqtt = MqttSession.connect(mqttUrl, security, Duration.ofSeconds(5))) {
      // Rulesets are retained per identity (<topic>/<identity>, and the old <topic>); the one in force is the newest.
      mqtt.subscribe(CommandTopics.filter(topic), Duration.ofSeconds(5));
      String currentYaml = null;
      JsonNode lastStatus = null;
      RuleSet current = null;
      long inForce = 0;
      long deadline = System.nanoTime() + retainedWait.toNanos();
      while (System.nanoTime() < deadline) {
        MqttSession.Received r = mqtt.poll(Duration.ofNanos(Math.min(deadline - System.nanoTime(), 500_000_000L)));
        if (r == null) {
          break; // retained messages come at once after the subscription; a quiet half second means all came
        }
        if (r.topic().equals(statusTopic)) {
          lastStatus = json(r.payload());
        } else if (!r.payload().isEmpty()) {
          try {
            RuleSet retained = RuleSetLoader.parse(r.payload(), r.topic());
            long v = retained.version() == null ? 0 : retained.version();
            if (current == null || v > inForce) {
              current = retained;
              currentYaml = r.payload();
              inForce = v;
            }
          } catch (RuleSetInvalidException e) {
            out.println("note: the retained ruleset on " + r.topic() + " is not valid (" + e.problems().size()
                + " problem(s)); its version is taken from the job's status");
          }
        }
      }
      if (lastStatus != null) {
        inForce = Math.max(inForce, lastStatus.path("activeVersion").asLong(0));
      }
      long version = inForce + 1;
      String stamped = StampedYaml.stamp(yaml, version, author, comment);
      RuleSet check = RuleSetLoader.parse(stamped, fileName + " (as published)");
      if (check.version() == null || check.version() != version || !check.author().equals(author)
          || !check.comment().equals(comment)) {
        throw new IllegalStateException("could not set version/author/comment in " + fileName
            + ": write them as plain top-level fields");
      }
      out.println("publishing " + fileName + " as version " + version + " by " + author + " (" + comment + ")");
      out.println("  in force: " + (inForce == 0 ? "no published ruleset (the job's start-up rules)" : "version "
          + inForce));
      out.println("  changes: " + RuleSetDiff.diff(current, rules).summary()
          + (current == null ? " (against no published ruleset)" : ""));
      String own = CommandTopics.rulesTopic(topic, CommandTopics.identityOf(security.username()));
      mqtt.publishRetained(own, stamped, Duration.ofSeconds(10));
      out.println("  published retained (QoS 1) on " + own + "; waiting up to " + statusWait.toSeconds()
          + " s for the job's answer on " + statusTopic);
      Optional<MqttSession.Received> answer = mqtt.await(statusTopic,
          r -> json(r.payload()).path("version").asLong(Long.MIN_VALUE) == version, statusWait);
      out.flush();
      if (answer.isEmpty()) {
        out.println("no answer from the job for version " + version + " within " + statusWait.toSeconds()
            + " s: is the monitoring job running and subscribed to " + topic
            + "? The ruleset stays retained and the job takes it when it starts.");
        return NO_ANSWER;
      }
      JsonNode s = json(answer.get().payload());
      boolean ok = "accepted".equals(s.path("status").asText());
      out.println("job: version " + version + " " + s.path("status").asText() + " (in force: version "
          + s.path("activeVersion").asText("?") + ")" + (s.path("summary").asText("").isEmpty() ? ""
          : ": " + s.path("summary").asText()));
      List<String> problems = new ArrayList<>();
      s.path("problems").forEach(p -> problems.add(p.asText()));
      problems.forEach(p -> out.println("  " + p));
      return ok ? ACCEPTED : REJECTED;
    } catch (MqttException e) {
      throw new IllegalStateException("MQTT broker " + mqttUrl + ": " + e.getMessage() + " (reason "
          + e.getReasonCode() + ")", e);
    }
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
