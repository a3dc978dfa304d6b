package org.vigil.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.AlertEvent;

/**
 * Webhook bodies of {@link Notification}s. A {@link Notification.Kind#ALERT} notification is the plain alert event,
 * exactly {@link AlertJson#toWebhookBody} (type {@code alert.<state>}). The others:
 *
 * <pre>{@code
 * {"type":"alert.group","timestamp":"2026-11-28T08:00:30.000Z",
 *  "data":{"id":"ntf_…","site":"hill-a","kind":"group","level":"orange","count":2,
 *          "message":"2 alert changes at hill-a, highest level orange",
 *          "members":[{…alert event as in alert.opened's data…},{…}]}}
 * }</pre>
 *
 * <p>{@code type} is {@code alert.group}, {@code alert.flapping} or {@code alert.settled}; {@code timestamp} is the
 * notification's {@code createdAt} (device time); {@code members} are in device-time order and each is the
 * {@code data} object of an alert event. Output is compact and keeps this field order.
 *
 * <p>CloudEvents 1.0 structured mode ({@link #toCloudEvent}, content type {@code application/cloudevents+json}):
 *
 * <pre>{@code
 * {"specversion":"1.0","id":"<webhook-id>","source":"vigil://hill-a","type":"org.vigil.alert.opened",
 *  "subject":"hill-a/rain/r1","time":"2026-11-28T08:00:00.000Z","datacontenttype":"application/json",
 *  "data":{…the same data object as the standard body…}}
 * }</pre>
 *
 * <p>{@code type} is {@code org.vigil.} + the standard type; {@code subject} (the sensor, or the site for compound
 * rules) is present for single transitions, {@code alert.flapping} and {@code alert.settled}, absent for groups.
 */
public final class NotificationJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NotificationJson() {}

  /** Prefix of a CloudEvents {@code type}: {@code org.vigil.alert.opened}. */
  public static final String CLOUDEVENTS_TYPE_PREFIX = AlertJson.CLOUDEVENTS_TYPE_PREFIX;

  /** The body for an endpoint of this format. */
  public static String toBody(Notification n, org.vigil.alerts.webhook.WebhookEndpoint.Format format) {
    return format == org.vigil.alerts.webhook.WebhookEndpoint.Format.CLOUDEVENTS ? toCloudEvent(n) : toWebhookBody(n);
  }

  /** The notification as a CloudEvent in structured mode (see the class comment); its id is the webhook-id. */
  public static String toCloudEvent(Notification n) {
    try {
      com.fasterxml.jackson.databind.JsonNode standard = MAPPER.readTree(toWebhookBody(n));
      ObjectNode ce = MAPPER.createObjectNode();
      ce.put("specversion", "1.0");
      ce.put("id", n.id());
      ce.put("source", "vigil://" + n.site());
      ce.put("type", CLOUDEVENTS_TYPE_PREFIX + n.eventType());
      if (n.kind() != Notification.Kind.GROUP) {
        ce.put("subject", n.members().get(n.members().size() - 1).subject());
      }
      ce.put("time", standard.get("timestamp").asText());
      ce.put("datacontenttype", "application/json");
      ce.set("data", standard.get("data"));
      return MAPPER.writeValueAsString(ce);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write notification " + n.id() + " as a CloudEvent", e);
    }
  }

  /**
   * The event type a body says, standard or CloudEvents: {@code alert.opened} for both {@code "type":"alert.opened"}
   * and {@code "type":"org.vigil.alert.opened"}; empty when the body has none.
   */
  public static String typeOf(String body) {
    try {
      com.fasterxml.jackson.databind.JsonNode t = MAPPER.readTree(body).get("type");
      String type = t == null ? "" : t.asText();
      return type.startsWith(CLOUDEVENTS_TYPE_PREFIX) ? type.substring(CLOUDEVENTS_TYPE_PREFIX.length()) : type;
    } catch (JsonProcessingException | RuntimeException e) {
      return "";
    }
  }

  /** The webhook body; its webhook-id is {@link Notification#id()}. */
  public static String toWebhookBody(Notification n) {
    if (n.kind() == Notification.Kind.ALERT) {
      return AlertJson.toWebhookBody(n.members().get(0));
    }
    ObjectNode root = MAPPER.createObjectNode();
    root.put("type", n.eventType());
    root.put("timestamp", AlertJson.isoTime(n.createdAtMs()));
    ObjectNode data = root.putObject("data");
    data.put("id", n.id());
    data.put("site", n.site());
    data.put("kind", n.kind().name().toLowerCase(java.util.Locale.ROOT));
    data.put("level", n.level().wireName());
    data.put("count", n.members().size());
    data.put("message", n.message());
    ArrayNode members = data.putArray("members");
    for (AlertEvent m : n.members()) {
      try {
        members.add(MAPPER.readTree(AlertJson.toJson(m)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot re-read the JSON of alert event " + m.eventId(), e);
      }
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write notification " + n.id(), e);
    }
  }
}
