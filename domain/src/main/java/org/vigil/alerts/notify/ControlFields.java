package org.vigil.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fields of control messages (acknowledgements, silences) read with the same rigour as device readings: every
 * value has a type, a length and a range, so that a message from anyone on the field network can at worst be refused,
 * never crash an operator, overflow a time or a counter, inject an MQTT topic level or stall a matcher.
 *
 * <ul>
 *   <li>Times: ISO-8601 UTC or whole epoch milliseconds, from {@link #EARLIEST} (inclusive) to {@link #LATEST}
 *       (exclusive). Anything outside cannot be a real acknowledgement or silence, and inside it every sum of a time
 *       and a duration the job makes stays far from {@code long} overflow.
 *   <li>Site ids: the same alphabet as the readings' topics ({@code [A-Za-z0-9_-]}, 1-64 characters): a site id ends up
 *       in a topic the job publishes on ({@code vigil/{site}/acks}), so {@code /}, {@code +}, {@code #} and NUL are
 *       refused.
 *   <li>Alert ids: 1-64 letters, digits, {@code _} or {@code -} ({@link org.vigil.alerts.rules.AlertIds} makes
 *       {@code alt_} and 20 hex digits).
 *   <li>Names of people ({@code by}, {@code createdBy}): 1-64 letters, digits, spaces and {@code . _ @ -}.
 *   <li>Comments: at most {@link #MAX_COMMENT_CHARS}, no control characters but tab and newline.
 *   <li>Globs of silences: at most {@link #MAX_GLOBS} per list, each 1-64 characters of ids, {@code / .} and the
 *       wildcards {@code * ?}; matched in linear time by {@link Globs}.
 * </ul>
 */
public final class ControlFields {

  /** Earliest time a control message may carry: 2000-01-01T00:00:00Z. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** First time a control message may no longer carry: 2100-01-01T00:00:00Z. */
  public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

  /** Longest comment. */
  public static final int MAX_COMMENT_CHARS = 1000;

  /** Most globs in one matcher list of a silence. */
  public static final int MAX_GLOBS = 100;

  static final Pattern SITE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final Pattern ALERT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final Pattern PERSON = Pattern.compile("[\\p{L}\\p{N} ._@-]{1,64}");
  static final Pattern SILENCE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_./*?-]{1,64}");

  private ControlFields() {}

  /** A required string field matching {@code format}; {@code hint} says what is expected. */
  static String text(JsonNode n, String field, Pattern format, String hint) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
      throw new ControlMessageException("'" + field + "' is missing or not a non-empty string (" + hint + ")");
    }
    String s = v.asText();
    if (!format.matcher(s).matches()) {
      throw new ControlMessageException("'" + field + "' is not " + hint + ": '" + shorten(s) + "'");
    }
    return s;
  }

  /** The site of an acknowledgement. */
  static String site(JsonNode n, String field) {
    return text(n, field, SITE, "a site id of 1-64 letters, digits, '_' or '-'");
  }

  /** The alert id of an acknowledgement. */
  static String alertId(JsonNode n, String field) {
    return text(n, field, ALERT_ID, "an alert id such as alt_0123456789abcdef0123");
  }

  /** A person's name. */
  static String person(JsonNode n, String field) {
    return text(n, field, PERSON, "a name of 1-64 letters, digits, spaces or . _ @ -");
  }

  /** An optional comment: empty when absent. */
  static String comment(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new ControlMessageException("'" + field + "' must be a string");
    }
    String s = v.asText();
    if (s.length() > MAX_COMMENT_CHARS) {
      throw new ControlMessageException("'" + field + "' has " + s.length() + " characters; at most "
          + MAX_COMMENT_CHARS + " are kept");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        throw new ControlMessageException("'" + field + "' holds the control character U+"
            + String.format("%04X", (int) c) + " at position " + i);
      }
    }
    return s;
  }

  /** A required time: ISO-8601 UTC or whole epoch milliseconds, within [{@link #EARLIEST}, {@link #LATEST}). */
  static long time(JsonNode n, String field) {
    JsonNode v = n.get(field);
    String example = "give an ISO-8601 UTC time such as 2026-11-29T10:00:00Z";
    if (v == null || v.isNull()) {
      throw new ControlMessageException("'" + field + "' is missing: " + example);
    }
    Instant t;
    if (v.isIntegralNumber()) {
      if (!v.canConvertToLong()) {
        throw new ControlMessageException("'" + field + "' is " + shorten(v.asText())
            + ", not epoch milliseconds: " + example);
      }
      t = Instant.ofEpochMilli(v.asLong());
    } else if (v.isTextual()) {
      try {
        t = Instant.parse(v.asText());
      } catch (DateTimeException e) {
        throw new ControlMessageException("'" + field + "' is not an ISO-8601 UTC time: '" + shorten(v.asText())
            + "'; " + example);
      }
    } else {
      throw new ControlMessageException("'" + field + "' is " + v.getNodeType().toString().toLowerCase()
          + ", not a time: " + example);
    }
    if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
      throw new ControlMessageException("'" + field + "' is " + shorten(v.asText()) + ", outside " + EARLIEST
          + " .. " + LATEST);
    }
    return t.toEpochMilli();
  }

  /** Whether epoch milliseconds lie within [{@link #EARLIEST}, {@link #LATEST}). */
  public static boolean inRange(long epochMs) {
    return epochMs >= EARLIEST.toEpochMilli() && epochMs < LATEST.toEpochMilli();
  }

  /** An optional list of globs: empty when absent. */
  static List<String> globs(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new ControlMessageException("'" + field + "' must be an array of globs, e.g. [\"hill-*\"]");
    }
    if (v.size() > MAX_GLOBS) {
      throw new ControlMessageException("'" + field + "' has " + v.size() + " globs; at most " + MAX_GLOBS);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : v) {
      if (!x.isTextual() || !GLOB.matcher(x.asText()).matches()) {
        throw new ControlMessageException("'" + field + "' holds " + shorten(x.toString())
            + ", not a glob of 1-64 letters, digits, _ . / - and the wildcards * ?");
      }
      out.add(x.asText());
    }
    return out;
  }

  /** A value for a message: cut to 80 characters, control characters shown as '?' (no forged log lines). */
  static String shorten(String s) {
    String cut = s.length() <= 80 ? s : s.substring(0, 80) + "... (" + s.length() + " characters)";
    StringBuilder b = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
