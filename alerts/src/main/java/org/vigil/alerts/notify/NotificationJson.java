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
 */
public final class NotificationJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NotificationJson() {}

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
