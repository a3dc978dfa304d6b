package org.vigil.jobs.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.decode.RejectReason;
import org.vigil.core.topics.Topics;

/** Dead letters of decoded readings, for the operators after the decoder (the raw bytes are not carried that far). */
final class ReadingDeadLetters {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReadingDeadLetters() {}

  /** A dead letter carrying the reading as decoded, its topic rebuilt from the subject. */
  static DeadLetter of(Reading r, RejectReason reason, String detail, long now) {
    ObjectNode n = JSON.createObjectNode();
    n.put("ts", r.timestampMs());
    if (r.seq() >= 0) {
      n.put("seq", r.seq());
    }
    ObjectNode values = n.putObject("values");
    r.values().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> values.put(e.getKey(), e.getValue()));
    if (!Double.isNaN(r.batteryV())) {
      n.put("battery_v", r.batteryV());
    }
    if (!Double.isNaN(r.rssi())) {
      n.put("rssi", r.rssi());
    }
    String text = n.toString();
    return new DeadLetter(Topics.readingOfSubject(r.subject()), reason.code(), detail, text,
        text.getBytes(StandardCharsets.UTF_8).length, now);
  }
}
