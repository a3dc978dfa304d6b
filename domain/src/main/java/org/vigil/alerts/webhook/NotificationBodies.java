package org.vigil.alerts.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.vigil.core.AlertEvent;

/**
 * Reads a received webhook body, standard or CloudEvents, back into what it reports: the one alert event of an
 * {@code alert.<state>} body, or the members of {@code alert.group}, {@code alert.flapping} and {@code
 * alert.settled}. For receivers and tests.
 *
 * @param type the standard event type ({@code alert.opened}, {@code alert.group}, …), also for a CloudEvent
 * @param cloudEvent whether the body was a CloudEvent
 * @param members the alert events it reports, in body order (one for {@code alert.<state>})
 * @param message the notification's message for group, flapping and settled; the event's message otherwise
 */
public record NotificationBodies(String type, boolean cloudEvent, List<AlertEvent> members, String message) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Whether the body reports one transition ({@code alert.<state>}) rather than a group, flapping or settling. */
  public boolean single() {
    return !type.equals("alert.group") && !type.equals("alert.flapping") && !type.equals("alert.settled");
  }

  /**
   * Decodes a body.
   *
   * @throws AlertJsonException naming what is wrong
   */
  public static NotificationBodies parse(String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AlertJsonException("webhook body is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new AlertJsonException("webhook body is not a JSON object");
    }
    boolean ce = root.has("specversion");
    String type = root.path("type").asText("");
    if (ce) {
      if (!type.startsWith(AlertJson.CLOUDEVENTS_TYPE_PREFIX)) {
        throw new AlertJsonException("CloudEvent type '" + type + "' is not org.vigil.alert.*");
      }
      type = type.substring(AlertJson.CLOUDEVENTS_TYPE_PREFIX.length());
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw new AlertJsonException("webhook body has no 'data' object");
    }
    if (type.equals("alert.group") || type.equals("alert.flapping") || type.equals("alert.settled")) {
      List<AlertEvent> members = new ArrayList<>();
      for (JsonNode m : data.path("members")) {
        members.add(AlertJson.fromJson(m.toString()));
      }
      if (members.isEmpty()) {
        throw new AlertJsonException(type + " body has no members");
      }
      return new NotificationBodies(type, ce, members, data.path("message").asText(""));
    }
    String standard = "{\"type\":" + MAPPER.valueToTree(type) + ",\"data\":" + data + "}";
    AlertEvent e = AlertJson.fromWebhookBody(standard);
    return new NotificationBodies(type, ce, List.of(e), e.message());
  }
}
