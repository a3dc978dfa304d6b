package org.vigil.console.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the console keeps of a message from the MQTT feeds, which anyone who can publish on the broker can write: ids
 * as in topics, levels, states and levels of service from their closed sets, numbers where numbers belong, and every
 * message bounded in size, depth, fields, array lengths and string lengths. A message that breaks a rule is not kept
 * (the caller counts it as unreadable), so neither the console's memory nor a browser drawing it can be abused.
 */
public final class FeedData {

  /** Largest message kept (frames aside): a reading is about 200 bytes, an alert about 1 KiB. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024;

  /**
   * Largest detections message kept: the job sends at most 150 tracks (about 150 bytes each) besides boxes, lines and
   * zones.
   */
  public static final int MAX_DETECTIONS_BYTES = 64 * 1024;

  static final int MAX_DEPTH = 4;
  static final int MAX_FIELDS = 64;
  static final int MAX_ARRAY = 500;
  static final int MAX_STRING = 1000;
  static final int MAX_VALUES = 32;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Set<String> LEVELS = Set.of("none", "blue", "yellow", "orange", "red");
  private static final Set<String> STATES = Set.of("opened", "escalated", "de-escalated", "resolved",
      "acknowledged", "referred");
  private static final Set<String> LOS = Set.of("A", "B", "C", "D", "E", "F");
  private static final Set<String> TRACK_STATES = Set.of("moving", "still", "lost");

  private FeedData() {}

  /** Whether a topic level is an id the console keeps (site, kind, sensor, camera). */
  public static boolean isId(String s) {
    return s != null && ID.matcher(s).matches();
  }

  /** A bounded copy of any message. */
  public static JsonNode bounded(JsonNode n) {
    return copy(n, 0);
  }

  /** A site's risk: bounded, {@code level} from the closed set, {@code openAlerts} a whole number. */
  public static JsonNode risk(JsonNode n) {
    JsonNode c = object(n);
    closed(c, "level", LEVELS);
    whole(c, "openAlerts");
    return c;
  }

  /** An alert transition: bounded, ids as ids, level, previous level and state from their sets. */
  public static JsonNode alert(JsonNode n) {
    JsonNode c = object(n);
    closed(c, "level", LEVELS);
    closed(c, "previousLevel", LEVELS);
    closed(c, "state", STATES);
    id(c, "id");
    id(c, "site");
    return c;
  }

  /** A silence as published: bounded, times as text or numbers. */
  public static JsonNode silence(JsonNode n) {
    return object(n);
  }

  /** An answer to an acknowledgement: bounded, its alert id an id. */
  public static JsonNode ack(JsonNode n) {
    JsonNode c = object(n);
    id(c, "alertId");
    return c;
  }

  /**
   * A camera's detections: bounded, counts, measures and coordinates numbers, levels of service from A-F, track
   * states from moving, still, lost, each counting line's ends two numbers.
   */
  public static JsonNode detections(JsonNode n) {
    JsonNode c = object(n);
    number(c, "people");
    number(c, "motionEnergy");
    number(c, "width");
    number(c, "height");
    number(c, "tracksTotal");
    for (JsonNode z : c.path("zones")) {
      objectItem(z, "a zone");
      for (String f : new String[] {"people", "densityPerM2", "capacity", "entries", "exits", "netInflowPerMin",
          "maxDwellS", "meanDwellS", "minutesToCapacity"}) {
        number(z, f);
      }
      closed(z, "levelOfService", LOS);
    }
    for (JsonNode b : c.path("boxes")) {
      objectItem(b, "a box");
      for (String f : new String[] {"x", "y", "w", "h"}) {
        number(b, f);
      }
    }
    for (JsonNode t : c.path("tracks")) {
      objectItem(t, "a track");
      for (String f : new String[] {"id", "x", "y", "w", "h", "footX", "footY", "dwellS"}) {
        number(t, f);
      }
      closed(t, "state", TRACK_STATES);
    }
    for (JsonNode l : c.path("lines")) {
      objectItem(l, "a counting line");
      number(l, "in");
      number(l, "out");
      for (String end : new String[] {"from", "to"}) {
        JsonNode p = l.get(end);
        if (p == null || !p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
          throw new IllegalArgumentException("a counting line's " + end + " is not two numbers");
        }
      }
    }
    return c;
  }

  private static void objectItem(JsonNode n, String what) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(what + " is not an object");
    }
  }

  /** A reading's values: at most {@link #MAX_VALUES} fields named as the decoder names them, numbers or short text. */
  public static ObjectNode values(JsonNode values) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (values == null || values.isMissingNode() || values.isNull()) {
      return out;
    }
    if (!values.isObject() || values.size() > MAX_VALUES) {
      throw new IllegalArgumentException("values must be an object of at most " + MAX_VALUES + " fields");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!FIELD.matcher(e.getKey()).matches()
          || !(v.isNumber() || v.isBoolean() || (v.isTextual() && v.asText().length() <= 64))) {
        throw new IllegalArgumentException("value '" + e.getKey() + "' is not a number or a short text");
      }
      out.set(e.getKey(), v);
    }
    return out;
  }

  /** A device time: epoch ms or a short text; anything else is dropped. */
  public static JsonNode time(JsonNode ts) {
    if (ts != null && (ts.isIntegralNumber() || (ts.isTextual() && ts.asText().length() <= 40))) {
      return ts;
    }
    return JsonNodeFactory.instance.nullNode();
  }

  private static JsonNode object(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return copy(n, 0);
  }

  private static JsonNode copy(JsonNode n, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH);
    }
    if (n.isObject()) {
      if (n.size() > MAX_FIELDS) {
        throw new IllegalArgumentException("more than " + MAX_FIELDS + " fields");
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!KEY.matcher(e.getKey()).matches()) {
          throw new IllegalArgumentException("field name is not 1-64 letters, digits, _ . -");
        }
        o.set(e.getKey(), copy(e.getValue(), depth + 1));
      }
      return o;
    }
    if (n.isArray()) {
      if (n.size() > MAX_ARRAY) {
        throw new IllegalArgumentException("an array of more than " + MAX_ARRAY);
      }
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (JsonNode x : n) {
        a.add(copy(x, depth + 1));
      }
      return a;
    }
    if (n.isTextual() && n.asText().length() > MAX_STRING) {
      throw new IllegalArgumentException("a text of more than " + MAX_STRING + " characters");
    }
    return n;
  }

  private static void closed(JsonNode n, String field, Set<String> allowed) {
    JsonNode v = n.get(field);
    if (v != null && !v.isNull() && !(v.isTextual() && allowed.contains(v.asText()))) {
      throw new IllegalArgumentException(field + " is not one of " + allowed);
    }
  }

  private static void id(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v != null && !v.isNull() && !(v.isTextual() && isId(v.asText()))) {
      throw new IllegalArgumentException(field + " is not an id");
    }
  }

  private static void number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v != null && !v.isNull() && !v.isNumber()) {
      throw new IllegalArgumentException(field + " is not a number");
    }
  }

  private static void whole(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v != null && !v.isNull() && !v.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " is not a whole number");
    }
  }
}
