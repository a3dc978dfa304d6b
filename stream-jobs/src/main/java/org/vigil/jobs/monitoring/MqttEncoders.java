package org.vigil.jobs.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.vigil.alerts.notify.AckDecision;
import org.vigil.alerts.notify.AckJson;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.core.SiteRisk;
import org.vigil.connectors.mqtt.MqttMessageEncoder;
import org.vigil.jobs.rules.RulesetStatus;
import org.vigil.core.topics.Topics;

/** How the monitoring job's outputs look on MQTT: topics and JSON payloads of alerts, risk, rule decisions, dead letters. */
final class MqttEncoders {

  private MqttEncoders() {}

  /** Alerts on {@code vigil/{site}/alerts/{level}}, as the JSON of the alert event. */
  static final class AlertMessages implements MqttMessageEncoder<AlertEvent> {
    @Override
    public String topic(AlertEvent a) {
      return Topics.alerts(a.site(), a.notifyLevel().wireName());
    }

    @Override
    public byte[] payload(AlertEvent a) {
      return AlertJson.toJson(a).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Decisions on acknowledgements on {@code vigil/{site}/acks} (QoS 1, not retained), as {@link AckJson#decision}. */
  static final class AckDecisionMessages implements MqttMessageEncoder<AckDecision> {
    @Override
    public String topic(AckDecision d) {
      return AckJson.decisionTopic(d.ack().site());
    }

    @Override
    public byte[] payload(AckDecision d) {
      return AckJson.decision(d).getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * Site risk on {@code vigil/{site}/risk}, retained so that a console connecting later sees each site's current
   * level at once: {@code {site, level, previousLevel, rule, subject, openAlerts, at}}.
   */
  static final class RiskMessages implements MqttMessageEncoder<SiteRisk> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String topic(SiteRisk r) {
      return Topics.risk(r.site());
    }

    @Override
    public byte[] payload(SiteRisk r) {
      ObjectNode n = JSON.createObjectNode();
      n.put("site", r.site());
      n.put("level", r.level().wireName());
      n.put("previousLevel", r.previousLevel().wireName());
      n.put("rule", r.rule());
      n.put("subject", r.subject());
      n.put("openAlerts", r.openAlerts());
      n.put("at", Instant.ofEpochMilli(r.timestampMs()).toString());
      return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean retained(SiteRisk r) {
      return true;
    }
  }

  /** Rule decisions on {@code <rules topic>/status}, retained: the JSON of {@link RulesetStatus}. */
  static final class RulesetStatusMessages implements MqttMessageEncoder<RulesetStatus> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String topic;

    RulesetStatusMessages(String topic) {
      this.topic = topic;
    }

    @Override
    public String topic(RulesetStatus s) {
      return topic;
    }

    @Override
    public byte[] payload(RulesetStatus s) {
      ObjectNode n = JSON.createObjectNode();
      n.put("version", s.version());
      n.put("status", s.accepted() ? "accepted" : "rejected");
      n.put("activeVersion", s.activeVersion());
      n.put("author", s.author());
      n.put("comment", s.comment());
      n.put("summary", s.summary());
      ArrayNode problems = n.putArray("problems");
      s.problems().forEach(problems::add);
      n.put("at", Instant.ofEpochMilli(s.atMs()).toString());
      return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean retained(RulesetStatus s) {
      return true;
    }
  }

  /** Dead letters on {@code vigil/deadletter}: {@code {topic, reason, detail, payload, payloadBytes, receivedAt}}. */
  static final class DeadLetterMessages implements MqttMessageEncoder<DeadLetter> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String topic(DeadLetter d) {
      return MonitoringJob.DEAD_LETTER_TOPIC;
    }

    @Override
    public byte[] payload(DeadLetter d) {
      ObjectNode n = JSON.createObjectNode();
      n.put("topic", d.topic());
      n.put("reason", d.reason());
      n.put("detail", d.detail());
      n.put("payload", d.payload());
      n.put("payloadBytes", d.payloadBytes());
      n.put("receivedAt", Instant.ofEpochMilli(d.receivedAtMs()).toString());
      return n.toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
