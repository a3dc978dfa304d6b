package org.vigil.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

/**
 * Decodes and validates one device reading: topic {@code vigil/{site}/{kind}/{sensorId}/data} plus a JSON payload
 * {@code {"ts": ISO-8601 | epoch-ms, "seq": 123, "values": {"rain_mm": 0.5}, "battery_v": 3.6, "rssi": -71}}.
 *
 * <p>Every rejection is a {@link DecodeException} with a {@link RejectReason}. Unknown top-level fields are kept
 * in {@link Reading#extras()}; unknown value fields are kept as values. The documented fields must lie in their
 * physical range ({@link #RANGES}). Value names that would collide with the stored point's own fields are refused,
 * because InfluxDB answers a field whose type changes with HTTP 400, which would stop the job. Thread-safe.
 */
public final class ReadingDecoder {

  /** Site, sensor and camera ids. */
  /** 2000-01-01T00:00:00Z: anything earlier is a device whose clock was never set. */
  static final long MIN_TIMESTAMP_MS = 946_684_800_000L;
  /** More values than this in one reading is not a sensor but a bug (or an attack on the database schema). */
  static final int MAX_VALUES = 64;
  /** Names the stored point uses itself (fields, tags, InfluxDB's time): a value must not take them. */
  static final Set<String> RESERVED = Set.of("seq", "battery_v", "rssi", "late", "site", "sensor", "time");

  /**
   * Physical limits of the documented fields, inclusive: {@code rain_mm} per report 0..500 (the greatest 1-hour
   * rainfall on record is about 305 mm); tilts -90..90 degrees; displacement within 1 km; crack opening within
   * 10 m; pore pressure -100 kPa (full suction) to 10 MPa (a kilometre of water); water level -1 km..10 km;
   * battery 0..100 V; RSSI -200..50 dBm. Wider than any working sensor, so only nonsense is refused.
   */
  static final Map<String, double[]> RANGES =
      Map.of(
          "rain_mm", new double[] {0, 500},
          "tilt_x_deg", new double[] {-90, 90},
          "tilt_y_deg", new double[] {-90, 90},
          "disp_mm", new double[] {-1e6, 1e6},
          "crack_mm", new double[] {-1e4, 1e4},
          "pore_kpa", new double[] {-100, 1e4},
          "level_m", new double[] {-1e3, 1e4},
          "battery_v", new double[] {0, 100},
          "rssi", new double[] {-200, 50});

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              // Reject NaN/Infinity literals as malformed JSON rather than turning them into doubles.
              .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build());

  private final DecoderOptions options;

  public ReadingDecoder(DecoderOptions options) {
    this.options = options;
  }

  /**
   * Decodes a reading.
   *
   * @param topic the MQTT topic
   * @param payload the raw payload
   * @param nowMs the receiving clock, for the future-timestamp check
   * @throws DecodeException with the reason when the input is rejected
   */
  public Reading decode(String topic, byte[] payload, long nowMs) {
    String[] parts = topic.split("/", -1);
    if (parts.length != 5 || !"vigil".equals(parts[0]) || !"data".equals(parts[4])) {
      throw new DecodeException(
          RejectReason.BAD_TOPIC, "topic '" + topic + "' is not vigil/{site}/{kind}/{sensorId}/data");
    }
    String site = parts[1];
    String sensorId = parts[3];
    if (!validId(site) || !validId(sensorId)) {
      throw new DecodeException(
          RejectReason.BAD_TOPIC, "site and sensor id must be 1-64 characters of [A-Za-z0-9_-] in '" + topic + "'");
    }
    Optional<SensorKind> kind = SensorKind.fromWire(parts[2]);
    if (kind.isEmpty()) {
      throw new DecodeException(
          RejectReason.UNKNOWN_KIND, "unknown sensor kind '" + parts[2] + "' (rain, tilt, gnss, crack, pore, level)");
    }
    if (!options.sites().isEmpty() && !options.sites().contains(site)) {
      throw new DecodeException(RejectReason.UNKNOWN_SITE, "site '" + site + "' is not configured");
    }
    if (payload.length > options.maxPayloadBytes()) {
      throw new DecodeException(
          RejectReason.PAYLOAD_TOO_LARGE,
          "payload of " + payload.length + " bytes exceeds the limit of " + options.maxPayloadBytes());
    }
    JsonNode root = parse(utf8(payload));
    long ts = timestamp(root.get("ts"), nowMs, options);
    long seq = -1;
    JsonNode seqNode = root.get("seq");
    if (seqNode != null && !seqNode.isNull()) {
      if (!seqNode.canConvertToExactIntegral() || !seqNode.canConvertToLong() || seqNode.asLong() < 0) {
        throw new DecodeException(RejectReason.WRONG_TYPE, "'seq' must be a non-negative integer, was " + seqNode);
      }
      seq = seqNode.asLong();
    }
    Map<String, Double> values = values(root.get("values"));
    double battery = inRange("battery_v", optionalNumber(root, "battery_v"));
    double rssi = inRange("rssi", optionalNumber(root, "rssi"));
    Map<String, String> extras = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "ts", "seq", "values", "battery_v", "rssi" -> {}
        default -> extras.put(e.getKey(), json(e.getValue()));
      }
    }
    return new Reading(site, kind.get(), sensorId, ts, seq, values, battery, rssi, extras);
  }

  /** Whether {@code s} is a valid site, sensor or camera id: {@code [A-Za-z0-9_-]{1,64}}, checked per character. */
  static boolean validId(String s) {
    int n = s.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} is a valid value name: {@code [a-z][a-z0-9_]{0,63}}, checked per character. */
  static boolean validField(String s) {
    int n = s.length();
    if (n < 1 || n > 64 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A field's value as JSON text, as {@link JsonNode#toString()} writes it; a text of printable ASCII without quotes
   * or backslashes (a firmware version, a gateway id) is quoted as it is rather than through Jackson's writer, which
   * escapes nothing in it.
   */
  static String json(JsonNode v) {
    if (v.isTextual()) {
      String t = v.textValue();
      boolean plain = true;
      for (int i = 0; i < t.length() && plain; i++) {
        char c = t.charAt(i);
        plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
      }
      if (plain) {
        return '"' + t + '"';
      }
    }
    return v.toString();
  }

  /**
   * The payload as text; rejects payloads that are not UTF-8 (naming the byte offset) or that hold nothing. Parsing
   * the decoded text, not the bytes, also keeps Jackson from guessing UTF-16 or UTF-32, which JSON on the wire
   * must not be.
   */
  static String utf8(byte[] payload) {
    String text = ascii(payload) ? new String(payload, StandardCharsets.ISO_8859_1) : decodeUtf8(payload);
    if (text.isBlank()) {
      throw new DecodeException(
          RejectReason.EMPTY_PAYLOAD,
          payload.length == 0 ? "payload is empty" : "payload is only white space (" + payload.length + " bytes)");
    }
    return text;
  }

  /** Whether every byte is ASCII (then the bytes are valid UTF-8 and each is its own character). */
  private static boolean ascii(byte[] payload) {
    for (byte b : payload) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** The payload decoded as UTF-8, or a rejection naming the first byte that is not. */
  private static String decodeUtf8(byte[] payload) {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(payload);
    CharBuffer out = CharBuffer.allocate(payload.length);
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) {
      r = dec.flush(out);
    }
    if (r.isError()) {
      int at = in.position();
      throw new DecodeException(
          RejectReason.INVALID_UTF8,
          "payload is not valid UTF-8: byte 0x" + String.format("%02x", payload[Math.min(at, payload.length - 1)] & 0xff)
              + " at offset " + at);
    }
    return out.flip().toString();
  }

  static JsonNode parse(String payload) {
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(payload)) {
      root = MAPPER.readTree(p);
      if (root != null && p.nextToken() != null) {
        throw new DecodeException(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
      }
    } catch (StreamConstraintsException e) {
      if (e.getOriginalMessage().startsWith("Number")) {
        throw new DecodeException(RejectReason.NON_FINITE_NUMBER, "a number is too long to read: " + e.getOriginalMessage());
      }
      throw new DecodeException(RejectReason.MALFORMED_JSON, "JSON beyond the parser's limits: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "not readable as JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "payload must be a JSON object");
    }
    return root;
  }

  /** Reads {@code ts} (ISO-8601 text or whole epoch ms) and checks it against the receiving clock. */
  static long timestamp(JsonNode node, long nowMs, DecoderOptions options) {
    if (node == null || node.isNull()) {
      throw new DecodeException(RejectReason.MISSING_FIELD, "'ts' is missing");
    }
    long ts;
    if (node.isTextual()) {
      try {
        ts = Instant.parse(node.asText()).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new DecodeException(
            RejectReason.BAD_TIMESTAMP, "'ts' is not an ISO-8601 instant such as 2026-11-28T08:00:00Z: " + node);
      }
    } else if (node.isIntegralNumber() && node.canConvertToLong()) {
      ts = node.asLong();
    } else if (node.isNumber()) {
      throw new DecodeException(RejectReason.BAD_TIMESTAMP, "'ts' as a number must be whole epoch milliseconds: " + node);
    } else {
      throw new DecodeException(RejectReason.WRONG_TYPE, "'ts' must be a string or epoch milliseconds, was " + node);
    }
    if (ts < MIN_TIMESTAMP_MS) {
      throw new DecodeException(
          RejectReason.BAD_TIMESTAMP, "'ts' " + node + " is before 2000-01-01 (seconds instead of milliseconds?)");
    }
    if (ts < nowMs - options.maxAgeMs()) {
      throw new DecodeException(
          RejectReason.TIMESTAMP_TOO_OLD,
          "'ts' " + Instant.ofEpochMilli(ts) + " is " + (nowMs - ts) / 86_400_000L + " days before the receiving clock (limit "
              + options.maxAgeMs() / 86_400_000L + " days)");
    }
    if (ts > nowMs + options.maxFutureSkewMs()) {
      throw new DecodeException(
          RejectReason.TIMESTAMP_IN_FUTURE,
          "'ts' " + Instant.ofEpochMilli(ts) + " is " + (ts - nowMs) / 1000 + " s ahead of the receiving clock (limit "
              + options.maxFutureSkewMs() / 1000 + " s)");
    }
    return ts;
  }

  private static Map<String, Double> values(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new DecodeException(RejectReason.MISSING_FIELD, "'values' is missing");
    }
    if (!node.isObject()) {
      throw new DecodeException(RejectReason.WRONG_TYPE, "'values' must be an object of numbers, was " + node.getNodeType());
    }
    if (node.isEmpty()) {
      throw new DecodeException(RejectReason.BAD_FIELD, "'values' is empty");
    }
    if (node.size() > MAX_VALUES) {
      throw new DecodeException(
          RejectReason.BAD_FIELD, "'values' has " + node.size() + " entries, more than the limit of " + MAX_VALUES);
    }
    Map<String, Double> values = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (!validField(name)) {
        throw new DecodeException(
            RejectReason.BAD_FIELD, "value name '" + name + "' must be lower-case [a-z][a-z0-9_]*, at most 64 characters");
      }
      if (RESERVED.contains(name)) {
        throw new DecodeException(
            RejectReason.BAD_FIELD, "value name '" + name + "' is reserved (" + String.join(", ", new java.util.TreeSet<>(RESERVED)) + ")");
      }
      values.put(name, inRange(name, finiteNumber("values." + name, e.getValue())));
    }
    return values;
  }

  /** Checks a documented field against {@link #RANGES}; NaN (absent) passes. */
  private static double inRange(String name, double v) {
    double[] range = RANGES.get(name);
    if (range != null && (v < range[0] || v > range[1])) {
      throw new DecodeException(
          RejectReason.VALUE_OUT_OF_RANGE,
          "'" + name + "' = " + v + " is outside its physical range [" + range[0] + ", " + range[1] + "]");
    }
    return v;
  }

  private static double optionalNumber(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? Double.NaN : finiteNumber(field, node);
  }

  private static double finiteNumber(String name, JsonNode node) {
    if (!node.isNumber()) {
      throw new DecodeException(RejectReason.WRONG_TYPE, "'" + name + "' must be a number, was " + node);
    }
    double v = node.asDouble();
    if (!Double.isFinite(v)) {
      throw new DecodeException(RejectReason.NON_FINITE_NUMBER, "'" + name + "' is not a finite number: " + node);
    }
    return v;
  }
}
