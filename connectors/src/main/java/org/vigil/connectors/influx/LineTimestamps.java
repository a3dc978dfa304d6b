package org.vigil.connectors.influx;

import java.util.function.LongConsumer;

/**
 * Reads the timestamps back out of a body of line protocol as {@link LineProtocol} writes it (every line ends with
 * {@code " <epoch ms>\n"}), so the sink can measure how old each point was when InfluxDB stored it (device time to
 * storage: the end-to-end latency of a reading) without carrying timestamps beside the lines in its checkpointed
 * state. A line without a numeric last token is skipped.
 */
final class LineTimestamps {

  private LineTimestamps() {}

  /** Calls {@code each} with the timestamp of every line of {@code body}, in order. */
  static void forEach(CharSequence body, LongConsumer each) {
    int end = body.length();
    int lineEnd = 0;
    int start = 0;
    while (start < end) {
      lineEnd = start;
      while (lineEnd < end && body.charAt(lineEnd) != '\n') {
        lineEnd++;
      }
      int i = lineEnd - 1;
      long value = 0;
      long scale = 1;
      boolean digits = false;
      while (i > start && Character.isDigit(body.charAt(i)) && scale <= 1_000_000_000_000_000L) {
        value += (body.charAt(i) - '0') * scale;
        scale *= 10;
        digits = true;
        i--;
      }
      boolean negative = i > start && body.charAt(i) == '-';
      if (negative) {
        i--;
      }
      if (digits && i >= start && body.charAt(i) == ' ') {
        each.accept(negative ? -value : value);
      }
      start = lineEnd + 1;
    }
  }
}
