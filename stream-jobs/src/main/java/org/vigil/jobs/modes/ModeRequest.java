package org.vigil.jobs.modes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vigil.alerts.rules.Mode;

/**
 * A switch of a region's command mode, as the console publishes it on {@code vigil/control/mode/<identity>} (QoS 1,
 * at least once: {@link #request} identifies it). The console has checked the operator's authority; the job checks
 * again against the registry in force ({@link ModeFunction}).
 *
 * @param request the request's id (a UUID): the same id twice is one request
 * @param region the region switched
 * @param mode {@code daily}, {@code holiday} or {@code emergency}; {@code inherit} drops the region's own mode (it
 *     then has its parent's)
 * @param reason the operator's words (required)
 * @param operator the console user who asked
 * @param operatorRegion the operator's own region: the region switched must lie in it
 * @param requestedAtMs when the operator asked, epoch ms
 * @param topic the topic it came on
 * @param payload the request as received
 * @param receivedAtMs when the job received it
 */
public record ModeRequest(String request, String region, String mode, String reason, String operator,
    String operatorRegion, long requestedAtMs, String topic, String payload, long receivedAtMs) {

  /** The mode that drops a region's own mode. */
  public static final String INHERIT = "inherit";
  /** Longest reason accepted, characters. */
  public static final int MAX_REASON = 200;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("request", "region", "mode", "reason", "operator", "operatorRegion", "requestedAtMs");

  /** Reads a request; every problem of its form is listed in the exception's message. */
  public static ModeRequest parse(String topic, byte[] payload, long receivedAtMs) {
    String text = new String(payload, StandardCharsets.UTF_8);
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    List<String> problems = new ArrayList<>();
    n.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        problems.add("unknown field '" + f + "'");
      }
    });
    String request = text(n, "request", problems);
    String region = text(n, "region", problems);
    String mode = text(n, "mode", problems);
    String reason = text(n, "reason", problems);
    String operator = text(n, "operator", problems);
    String operatorRegion = text(n, "operatorRegion", problems);
    long at = n.path("requestedAtMs").isIntegralNumber() && n.path("requestedAtMs").canConvertToLong()
        ? n.path("requestedAtMs").asLong() : -1;
    if (at <= 0) {
      problems.add("requestedAtMs must be a positive whole number of epoch milliseconds");
    }
    if (mode != null && !INHERIT.equals(mode) && Mode.fromWire(mode) == null) {
      problems.add("mode must be daily, holiday, emergency or inherit, not '" + mode + "'");
    }
    if (reason != null && reason.length() > MAX_REASON) {
      problems.add("reason is longer than " + MAX_REASON + " characters");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new ModeRequest(request, region, mode, reason, operator, operatorRegion, at, topic, text, receivedAtMs);
  }

  private static String text(JsonNode n, String field, List<String> problems) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      problems.add("missing " + field);
      return null;
    }
    if (!v.isTextual()) {
      problems.add(field + " must be text");
      return null;
    }
    return v.asText().strip();
  }

  /** The MQTT identity that sent it: the topic's last level. */
  public String identity() {
    return topic.substring(topic.lastIndexOf('/') + 1);
  }
}
