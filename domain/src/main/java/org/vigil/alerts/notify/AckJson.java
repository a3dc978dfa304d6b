package org.vigil.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.topics.Topics;

/**
 * JSON of acknowledgements on the control topic {@code vigil/control/ack} and of the job's answers on
 * {@code vigil/{site}/acks}:
 *
 * <pre>{@code
 * {"alertId":"alt_…","site":"hill-a","by":"maria","at":"2026-11-29T10:00:00Z","comment":"crew on the way"}
 * {"alertId":"alt_…","site":"hill-a","by":"maria","at":"2026-11-29T10:00:00.000Z","accepted":true,"reason":""}
 * }</pre>
 *
 * <p>{@code at} is ISO-8601 UTC (epoch milliseconds are accepted too); {@code comment} is optional. Unknown fields are
 * ignored. Every field is checked for type, length and range by {@link ControlFields}.
 */
public final class AckJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AckJson() {}

  /**
   * Reads an ack.
   *
   * @throws ControlMessageException saying what is missing or wrong
   */
  public static Ack decode(String json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ControlMessageException("ack is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new ControlMessageException("ack is not a JSON object; send {\"alertId\",\"site\",\"by\",\"at\"[,\"comment\"]}");
    }
    String alertId = ControlFields.alertId(n, "alertId");
    String site = ControlFields.site(n, "site");
    String by = ControlFields.person(n, "by");
    long at = ControlFields.time(n, "at");
    String comment = ControlFields.comment(n, "comment");
    return new Ack(alertId, site, by, at, comment);
  }

  /** The ack as published on the control topic. */
  public static String encode(Ack a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("alertId", a.alertId());
    n.put("site", a.site());
    n.put("by", a.by());
    n.put("at", AlertJson.isoTime(a.atMs()));
    if (!a.comment().isEmpty()) {
      n.put("comment", a.comment());
    }
    return write(n);
  }

  /** The job's answer on {@code vigil/{site}/acks}. */
  public static String decision(AckDecision d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("alertId", d.ack().alertId());
    n.put("site", d.ack().site());
    n.put("by", d.ack().by());
    n.put("author", d.ack().author());
    n.put("at", AlertJson.isoTime(d.ack().atMs()));
    n.put("accepted", d.isAccepted());
    n.put("reason", d.isAccepted() ? "" : d.reason());
    return write(n);
  }

  /** The topic of the answer to an ack of this site. */
  public static String decisionTopic(String site) {
    return Topics.acks(site);
  }

  private static String write(ObjectNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write ack JSON", e);
    }
  }
}
