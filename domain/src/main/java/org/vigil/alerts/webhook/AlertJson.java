package org.vigil.alerts.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * JSON forms of an {@link AlertEvent}.
 *
 * <p>The webhook body (Standard Webhooks payload structure):
 *
 * <pre>{@code
 * {"type":"alert.opened","timestamp":"2026-11-28T08:00:00.000Z",
 *  "data":{"id":"alt_…","rule":"rain-1h","site":"s1","subject":"s1/rain/r1","level":"orange",
 *          "previousLevel":"none","state":"opened","value":31.5,"threshold":30.0,
 *          "startedAt":"2026-11-28T08:00:00.000Z","updatedAt":"2026-11-28T08:00:00.000Z","message":"…",
 *          "details":{"duration_h":5.0,"intensity_mm_h":6.3},"forecastFailureAt":null}}
 * }</pre>
 *
 * <p>{@code details} holds the numbers that explain the transition (always an object, possibly empty);
 * {@code forecastFailureAt} is the inverse-velocity failure forecast of a slope alert, or {@code null}. A
 * {@code referred} event (an alert nobody acknowledged in time, referred up the region tree) ends with
 * {@code "referral":2,"referredTo":"county-x","referredToLevel":"county","reminder":false} ({@code referredTo} and
 * {@code referredToLevel} empty without a registry); other states have none of these four.
 *
 * <p>{@code timestamp} is the event's {@code updatedAt}. Levels and states are wire names; times are ISO-8601 UTC with
 * milliseconds; a non-finite {@code value} or {@code threshold} is written as {@code null} and read back as NaN. The
 * plain form ({@link #toJson}, the MQTT alert feed payload) is the {@code data} object alone. Output is compact (no
 * whitespace) and keeps this field order. Decoding ignores unknown fields and also accepts epoch milliseconds for the
 * two times.
 */
public final class AlertJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Prefix of the CloudEvents {@code type}: {@code org.vigil.alert.opened} for {@code alert.opened}. */
  public static final String CLOUDEVENTS_TYPE_PREFIX = "org.vigil.";

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AlertJson() {}

  /** The webhook body for an event. */
  public static String toWebhookBody(AlertEvent event) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("type", eventType(event.state()));
    root.put("timestamp", isoTime(event.updatedAtMs()));
    root.set("data", dataNode(event));
    return write(root);
  }

  /** Decodes a webhook body written by {@link #toWebhookBody}; throws {@link AlertJsonException} naming the fault. */
  public static AlertEvent fromWebhookBody(String body) {
    JsonNode root = read(body);
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw new AlertJsonException("webhook body has no 'data' object");
    }
    AlertEvent event = fromNode(data);
    JsonNode type = root.get("type");
    if (type != null && !type.isNull() && !eventType(event.state()).equals(type.asText())) {
      throw new AlertJsonException(
          "webhook type '" + type.asText() + "' does not match data.state '" + event.state().wireName() + "'");
    }
    return event;
  }

  /** The plain JSON of an event (the {@code data} object of the webhook body), used on the MQTT alert feed. */
  public static String toJson(AlertEvent event) {
    return write(dataNode(event));
  }

  /** Decodes {@link #toJson} output; throws {@link AlertJsonException} naming the fault. */
  public static AlertEvent fromJson(String json) {
    return fromNode(read(json));
  }

  /** {@code alert.<state wire name>}, the webhook event type. */
  public static String eventType(AlertState state) {
    return "alert." + state.wireName();
  }

  /** ISO-8601 UTC with milliseconds, e.g. {@code 2026-11-28T08:00:00.000Z}. */
  public static String isoTime(long epochMs) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMs));
  }

  private static ObjectNode dataNode(AlertEvent e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", e.id());
    n.put("rule", e.rule());
    n.put("site", e.site());
    n.put("subject", e.subject());
    n.put("level", e.level().wireName());
    n.put("previousLevel", e.previousLevel().wireName());
    n.put("state", e.state().wireName());
    putNumber(n, "value", e.value());
    putNumber(n, "threshold", e.threshold());
    n.put("startedAt", isoTime(e.startedAtMs()));
    n.put("updatedAt", isoTime(e.updatedAtMs()));
    n.put("message", e.message());
    ObjectNode details = n.putObject("details");
    e.details().forEach(details::put);
    if (e.forecastFailureAtMs() != null) {
      n.put("forecastFailureAt", isoTime(e.forecastFailureAtMs()));
    } else {
      n.putNull("forecastFailureAt");
    }
    if (e.referral() != null) {
      n.put("referral", e.referral().step());
      n.put("referredTo", e.referral().regionId());
      n.put("referredToLevel", e.referral().regionLevel());
      n.put("reminder", e.referral().reminder());
    }
    if (!e.mode().isEmpty()) {
      n.put("mode", e.mode());
    }
    return n;
  }

  private static void putNumber(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }

  private static AlertEvent fromNode(JsonNode n) {
    if (!n.isObject()) {
      throw new AlertJsonException("alert event must be a JSON object, got " + n.getNodeType());
    }
    AlertState state = state(n);
    AlertEvent.Referral referral = null;
    if (state == AlertState.REFERRED) {
      JsonNode step = n.get("referral");
      if (step == null || !step.canConvertToInt() || step.asInt() < 1) {
        throw new AlertJsonException("alert event: a referred event needs 'referral', a whole number from 1");
      }
      referral = new AlertEvent.Referral(step.asInt(), n.path("referredTo").asText(""),
          n.path("referredToLevel").asText(""), n.path("reminder").asBoolean(false));
    }
    return new AlertEvent(
        text(n, "id"),
        text(n, "rule"),
        text(n, "site"),
        text(n, "subject"),
        level(n, "level"),
        level(n, "previousLevel"),
        state,
        number(n, "value"),
        number(n, "threshold"),
        time(n, "startedAt"),
        time(n, "updatedAt"),
        n.hasNonNull("message") ? n.get("message").asText() : null,
        details(n),
        n.hasNonNull("forecastFailureAt") ? time(n, "forecastFailureAt") : null,
        referral,
        n.path("mode").asText(""));
  }

  private static Map<String, Double> details(JsonNode n) {
    JsonNode d = n.get("details");
    if (d == null || d.isNull()) {
      return Map.of();
    }
    if (!d.isObject()) {
      throw new AlertJsonException("alert event: 'details' must be an object, got " + d.getNodeType());
    }
    Map<String, Double> out = new LinkedHashMap<>();
    d.fields().forEachRemaining(f -> {
      if (!f.getValue().isNumber()) {
        throw new AlertJsonException(
            "alert event: 'details." + f.getKey() + "' must be a number, got " + f.getValue().getNodeType());
      }
      out.put(f.getKey(), f.getValue().doubleValue());
    });
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new AlertJsonException("alert event: '" + field + "' is missing");
    }
    if (!v.isTextual()) {
      throw new AlertJsonException("alert event: '" + field + "' must be a string, got " + v.getNodeType());
    }
    return v.asText();
  }

  private static Level level(JsonNode n, String field) {
    String s = text(n, field);
    try {
      return Level.fromWire(s);
    } catch (IllegalArgumentException e) {
      throw new AlertJsonException("alert event: '" + field + "': " + e.getMessage(), e);
    }
  }

  private static AlertState state(JsonNode n) {
    String s = text(n, "state");
    for (AlertState st : AlertState.values()) {
      if (st.wireName().equals(s)) {
        return st;
      }
    }
    throw new AlertJsonException(
        "alert event: 'state' is '" + s + "': use opened, escalated, de-escalated, resolved or acknowledged");
  }

  private static double number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (!v.isNumber()) {
      throw new AlertJsonException("alert event: '" + field + "' must be a number or null, got " + v.getNodeType());
    }
    return v.doubleValue();
  }

  private static long time(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v != null && v.isIntegralNumber()) {
      return v.longValue();
    }
    String s = text(n, field);
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new AlertJsonException("alert event: '" + field + "' is not an ISO-8601 instant: '" + s + "'", e);
    }
  }

  private static JsonNode read(String json) {
    if (json == null || json.isBlank()) {
      throw new AlertJsonException("alert JSON is empty");
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AlertJsonException("alert JSON does not parse: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write alert JSON", e);
    }
  }
}
