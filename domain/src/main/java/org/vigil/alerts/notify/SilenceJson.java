package org.vigil.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.topics.Topics;

/**
 * JSON of silences, published retained on {@code vigil/config/silences/{id}}:
 *
 * <pre>{@code
 * {"id":"s1","sites":["hill-a"],"sensors":[],"rules":[],"startsAt":"2026-11-29T10:00:00Z",
 *  "endsAt":"2026-11-29T12:00:00Z","createdBy":"maria","comment":"maintenance"}
 * }</pre>
 *
 * <p>An empty retained payload deletes the silence named by the topic's last level ({@link Silence#deletion}). Times
 * are ISO-8601 UTC (epoch milliseconds accepted); list fields may be omitted (empty); the id in the payload must be
 * the topic's. Every field is checked for type, length and range by {@link ControlFields}.
 */
public final class SilenceJson {

  /** The topic prefix; the silence id is the last level. */
  public static final String TOPIC_PREFIX = Topics.SILENCES + "/";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SilenceJson() {}

  /** The retained topic of a silence. */
  public static String topic(String id) {
    return TOPIC_PREFIX + id;
  }

  /**
   * Reads the message of a silence topic: a silence, or its deletion for an empty payload.
   *
   * @throws ControlMessageException saying what is missing or wrong (including {@link Silence#problems()})
   */
  public static Silence decode(String topic, String json) {
    String topicId = topic.startsWith(TOPIC_PREFIX) ? topic.substring(TOPIC_PREFIX.length()) : "";
    int slash = topicId.indexOf('/');
    if (slash >= 0) { // vigil/config/silences/<identity>/<id>: the sender's identity, then the id
      CommandTopics.silenceAuthor(topic);
      topicId = topicId.substring(slash + 1);
    }
    if (!ControlFields.SILENCE_ID.matcher(topicId).matches()) {
      throw new ControlMessageException("silence topic '" + ControlFields.shorten(topic) + "' is not " + TOPIC_PREFIX
          + "<id>, with an id of 1-64 letters, digits, '_', '.' or '-'");
    }
    if (json == null || json.isBlank()) {
      return Silence.deletion(topicId);
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ControlMessageException("silence " + topicId + " is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new ControlMessageException("silence " + topicId + " is not a JSON object");
    }
    String id = ControlFields.text(n, "id", ControlFields.SILENCE_ID, "a silence id of 1-64 letters, digits, '_', '.' or '-'");
    if (!id.equals(topicId)) {
      throw new ControlMessageException("silence id '" + id + "' differs from its topic's '" + topicId
          + "': publish it on " + (slash >= 0 ? topic.substring(0, topic.length() - topicId.length()) + id : topic(id)));
    }
    Silence s = new Silence(id, ControlFields.globs(n, "sites"), ControlFields.globs(n, "sensors"),
        ControlFields.globs(n, "rules"), ControlFields.time(n, "startsAt"), ControlFields.time(n, "endsAt"),
        ControlFields.person(n, "createdBy"), ControlFields.comment(n, "comment"));
    List<String> p = s.problems();
    if (!p.isEmpty()) {
      throw new ControlMessageException(String.join("; ", p));
    }
    return s;
  }

  public static String encode(Silence s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", s.id());
    array(n.putArray("sites"), s.sites());
    array(n.putArray("sensors"), s.sensors());
    array(n.putArray("rules"), s.rules());
    n.put("startsAt", AlertJson.isoTime(s.startsAtMs()));
    n.put("endsAt", AlertJson.isoTime(s.endsAtMs()));
    n.put("createdBy", s.createdBy());
    n.put("comment", s.comment());
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write silence " + s.id(), e);
    }
  }

  private static void array(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
