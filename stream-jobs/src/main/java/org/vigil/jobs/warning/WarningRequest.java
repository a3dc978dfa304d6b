package org.vigil.jobs.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A warning issued or lifted by hand, as the console publishes it on {@code vigil/control/warning/<identity>} (QoS 1,
 * at least once: {@link #request} identifies it). The console has checked the operator's authority; the job checks
 * again against the registry in force.
 *
 * @param request the request's id (a UUID): the same id twice is one request
 * @param action {@code issue} or {@code lift}
 * @param region the region a warning is issued for (issue)
 * @param hazard {@code landslide}, {@code flood}, {@code crowd} or {@code other} (issue)
 * @param level {@code yellow}, {@code orange} or {@code red} (issue)
 * @param description the operator's words, may be empty
 * @param operator the console user who asked
 * @param operatorRegion the operator's own region: the warning's region must lie in it
 * @param incident the incident to lift (lift)
 * @param requestedAtMs when the operator asked, epoch ms: the warning's time
 * @param topic the topic it came on
 * @param payload the request as received
 * @param receivedAtMs when the job received it
 */
public record WarningRequest(String request, String action, String region, String hazard, String level,
    String description, String operator, String operatorRegion, String incident, long requestedAtMs, String topic,
    String payload, long receivedAtMs) {

  /** Issue a warning. */
  public static final String ISSUE = "issue";
  /** Lift (cancel) a warning in force. */
  public static final String LIFT = "lift";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("request", "action", "region", "hazard", "level", "description",
      "operator", "operatorRegion", "incident", "requestedAtMs");

  /**
   * Reads a request; every problem of its form is listed in the exception's message (the registry is checked
   * later, where it is in force).
   */
  public static WarningRequest parse(String topic, byte[] payload, long receivedAtMs) {
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
    String request = text(n, "request", true, problems);
    String action = text(n, "action", true, problems);
    String operator = text(n, "operator", true, problems);
    String operatorRegion = text(n, "operatorRegion", true, problems);
    long at = n.path("requestedAtMs").canConvertToLong() && n.path("requestedAtMs").isIntegralNumber()
        ? n.path("requestedAtMs").asLong() : -1;
    if (at <= 0) {
      problems.add("requestedAtMs must be a positive whole number of epoch milliseconds");
    }
    String region = null;
    String hazard = null;
    String level = null;
    String incident = null;
    if (ISSUE.equals(action)) {
      region = text(n, "region", true, problems);
      hazard = text(n, "hazard", true, problems);
      level = text(n, "level", true, problems);
      if (hazard != null && !Set.of("landslide", "flood", "crowd", "other").contains(hazard)) {
        problems.add("hazard must be landslide, flood, crowd or other, not '" + hazard + "'");
      }
      if (level != null && !Set.of("yellow", "orange", "red").contains(level)) {
        problems.add("level must be yellow, orange or red, not '" + level + "'");
      }
    } else if (LIFT.equals(action)) {
      incident = text(n, "incident", true, problems);
      if (incident != null && incident.lastIndexOf('.') <= 0) {
        problems.add("incident '" + incident + "' is not an incident's identifier (<base>.<n>)");
      }
    } else if (action != null) {
      problems.add("action must be issue or lift, not '" + action + "'");
    }
    String description = n.path("description").isTextual() ? n.path("description").asText() : "";
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new WarningRequest(request, action, region, hazard, level, description, operator, operatorRegion,
        incident, at, topic, text, receivedAtMs);
  }

  private static String text(JsonNode n, String field, boolean required, List<String> problems) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      if (required) {
        problems.add("missing " + field);
      }
      return null;
    }
    if (!v.isTextual()) {
      problems.add(field + " must be text");
      return null;
    }
    return v.asText().strip();
  }

  /**
   * The key of the warning chain it concerns: for an issue the new chain's {@code manual_<region>_<epochSeconds>},
   * for a lift the incident's base (its identifier without the message number), which for a rule's warning is the
   * alert id.
   */
  public String chainKey() {
    if (ISSUE.equals(action)) {
      return "manual_" + region + "_" + Math.floorDiv(requestedAtMs, 1000);
    }
    return incident.substring(0, incident.lastIndexOf('.'));
  }

  /** The hazard's enum name. */
  public String hazardName() {
    return hazard.toUpperCase(Locale.ROOT);
  }
}
