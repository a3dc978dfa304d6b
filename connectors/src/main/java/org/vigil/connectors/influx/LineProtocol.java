package org.vigil.connectors.influx;

/**
 * InfluxDB 1.x line protocol, written straight into a reusable {@link StringBuilder}.
 *
 * <p>Escaping follows the "Special characters" table of the InfluxDB v1 line protocol reference
 * (https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/#special-characters):
 *
 * <ul>
 *   <li>measurements: commas and spaces are escaped with a backslash;
 *   <li>tag keys, tag values and field keys: commas, equal signs and spaces are escaped;
 *   <li>string field values: double quotes and backslashes are escaped, the value is double quoted;
 *   <li>the same page: "Line protocol does not support the newline character {@code \n} in tag
 *       values or field values" - every {@code \n} and {@code \r} is replaced by a space;
 *   <li>floats exclude NaN and ±Inf: such fields are skipped, never written;
 *   <li>tag values cannot be empty (InfluxDB 1.6.7 answers "missing tag value"): null or empty tags
 *       are omitted;
 *   <li>{@code time} is rejected by InfluxDB as a tag or field key, {@code _field} and
 *       {@code _measurement} are reserved: such tags and fields are skipped.
 * </ul>
 *
 * <p>Backslashes in names are not escapable in 1.x: a literal backslash is written as is. Measured
 * against InfluxDB 1.6.7, a backslash (or a run of them) right before a character this class escapes,
 * or at the end of a name, breaks the line ("invalid tag format", "invalid field format") or is
 * unescaped inconsistently, so such runs are dropped (Telegraf likewise strips trailing backslashes
 * from tags). Backslashes inside measurement names are rejected because 1.6.7 stores and queries
 * them inconsistently.
 *
 * <p>Timestamps are epoch milliseconds: write with {@code precision=ms} (as {@link InfluxClient}
 * does).
 */
public final class LineProtocol {

  private LineProtocol() {}

  /**
   * Appends points to a buffer. Use per point: {@link #measurement}, any {@link #tag}s, then
   * {@link #field}s, then {@link #timestamp}, which ends the point. A point whose fields were all
   * skipped is removed again. Java picks the field type from the argument: {@code field("n", 5)}
   * writes the integer {@code 5i}, {@code field("n", 5.0)} the float {@code 5.0}. Not thread-safe;
   * reusable after {@link #clear()}.
   */
  public static final class Builder {

    private enum State {
      IDLE,
      TAGS,
      FIELDS
    }

    private final StringBuilder out;
    private State state = State.IDLE;
    private int pointStart;
    private int fieldsInPoint;
    private int lines;
    private long skippedFields;
    private long skippedPoints;

    /** A builder with its own buffer. */
    public Builder() {
      this(new StringBuilder(256));
    }

    /** A builder appending to {@code out}. */
    public Builder(StringBuilder out) {
      this.out = out;
    }

    /** Starts a point. Throws if the previous point was not ended with {@link #timestamp}. */
    public Builder measurement(String measurement) {
      if (state != State.IDLE) {
        throw new IllegalStateException("previous point not ended: call timestamp(...) first");
      }
      if (measurement == null || measurement.isEmpty()) {
        throw new IllegalArgumentException("measurement is empty");
      }
      if (measurement.indexOf('\\') >= 0) {
        throw new IllegalArgumentException("measurement must not contain a backslash: " + measurement);
      }
      pointStart = out.length();
      fieldsInPoint = 0;
      appendEscaped(out, measurement, false);
      if (out.length() == pointStart) {
        throw new IllegalArgumentException("measurement is empty after escaping: " + measurement);
      }
      state = State.TAGS;
      return this;
    }

    /**
     * Adds a tag. Null or empty values (also after dropping unrepresentable backslashes) omit the
     * tag, as do the reserved keys. For best write performance add tags sorted by key.
     */
    public Builder tag(String key, String value) {
      if (state != State.TAGS) {
        throw new IllegalStateException(
            state == State.IDLE ? "tag before measurement" : "tag after the first field");
      }
      if (key == null || value == null || value.isEmpty() || isReserved(key)) {
        return this;
      }
      int mark = out.length();
      out.append(',');
      int keyStart = out.length();
      appendEscaped(out, key, true);
      if (out.length() == keyStart) {
        out.setLength(mark);
        return this;
      }
      out.append('=');
      int valueStart = out.length();
      appendEscaped(out, value, true);
      if (out.length() == valueStart) {
        out.setLength(mark);
      }
      return this;
    }

    /** Adds a float field; NaN and infinities are skipped. */
    public Builder field(String key, double value) {
      if (!Double.isFinite(value)) {
        return skipField();
      }
      if (fieldKey(key)) {
        out.append(value);
      }
      return this;
    }

    /** Adds an integer field ({@code 123i}). */
    public Builder field(String key, long value) {
      if (fieldKey(key)) {
        out.append(value).append('i');
      }
      return this;
    }

    /** Adds a boolean field. */
    public Builder field(String key, boolean value) {
      if (fieldKey(key)) {
        out.append(value);
      }
      return this;
    }

    /** Adds a string field; a null value is skipped. */
    public Builder field(String key, String value) {
      if (value == null) {
        return skipField();
      }
      if (fieldKey(key)) {
        out.append('"');
        for (int i = 0, n = value.length(); i < n; i++) {
          char c = value.charAt(i);
          if (c == '"' || c == '\\') {
            out.append('\\').append(c);
          } else if (c == '\n' || c == '\r') {
            out.append(' ');
          } else {
            out.append(c);
          }
        }
        out.append('"');
      }
      return this;
    }

    /**
     * Ends the point with its time in epoch milliseconds. If no field was written, the point is
     * removed from the buffer and counted in {@link #skippedPoints()}.
     */
    public Builder timestamp(long epochMillis) {
      if (state == State.IDLE) {
        throw new IllegalStateException("timestamp before measurement");
      }
      if (fieldsInPoint == 0) {
        out.setLength(pointStart);
        skippedPoints++;
      } else {
        out.append(' ').append(epochMillis).append('\n');
        lines++;
      }
      state = State.IDLE;
      return this;
    }

    /** Throws if a point was started but not ended (an encoder bug). */
    public void requireComplete() {
      if (state != State.IDLE) {
        out.setLength(pointStart);
        state = State.IDLE;
        throw new IllegalStateException("encoder left a point without timestamp(...): it was discarded");
      }
    }

    /** Complete points in the buffer. */
    public int lines() {
      return lines;
    }

    /** Characters in the buffer. */
    public int length() {
      return out.length();
    }

    /** Fields skipped so far (non-finite, null, reserved or empty key), over the builder's life. */
    public long skippedFields() {
      return skippedFields;
    }

    /** Points skipped so far because none of their fields could be written. */
    public long skippedPoints() {
      return skippedPoints;
    }

    /** Empties the buffer, keeping its capacity and the skip counters. */
    public void clear() {
      out.setLength(0);
      lines = 0;
      state = State.IDLE;
    }

    /** The buffered lines, each ending in a newline. */
    @Override
    public String toString() {
      return out.toString();
    }

    /** Writes the separator, key and '='; false when the field is skipped instead. */
    private boolean fieldKey(String key) {
      if (state == State.IDLE) {
        throw new IllegalStateException("field before measurement");
      }
      if (key == null || isReserved(key)) {
        skipField();
        return false;
      }
      int mark = out.length();
      out.append(fieldsInPoint == 0 ? ' ' : ',');
      int keyStart = out.length();
      appendEscaped(out, key, true);
      if (out.length() == keyStart) {
        out.setLength(mark);
        skipField();
        return false;
      }
      out.append('=');
      state = State.FIELDS;
      fieldsInPoint++;
      return true;
    }

    private Builder skipField() {
      if (state == State.IDLE) {
        throw new IllegalStateException("field before measurement");
      }
      skippedFields++;
      return this;
    }
  }

  /**
   * Appends {@code s} escaped as a measurement ({@code key == false}: commas and spaces) or as a tag
   * key, tag value or field key ({@code key == true}: commas, equal signs and spaces). Newlines become
   * spaces; backslash runs before an escaped character, an equal sign or the end are dropped.
   */
  static void appendEscaped(StringBuilder out, String s, boolean key) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        int j = i;
        while (j < n && s.charAt(j) == '\\') {
          j++;
        }
        if (j < n && !endsBackslashRun(s.charAt(j))) {
          out.append(s, i, j);
        }
        i = j - 1;
        continue;
      }
      if (c == '\n' || c == '\r') {
        c = ' ';
      }
      if (c == ',' || c == ' ' || (key && c == '=')) {
        out.append('\\');
      }
      out.append(c);
    }
  }

  /** Characters before which a literal backslash cannot be represented. */
  private static boolean endsBackslashRun(char c) {
    return c == ',' || c == ' ' || c == '=' || c == '\n' || c == '\r';
  }

  private static boolean isReserved(String key) {
    return key.equals("time") || key.equals("_field") || key.equals("_measurement");
  }
}
