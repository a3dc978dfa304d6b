package org.vigil.jobs.warning;

import java.nio.charset.StandardCharsets;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.connectors.mqtt.MqttMessageEncoder;
import org.vigil.core.topics.Topics;

/** Where the broadcast's coverage and delivery outcomes go: MQTT (retained coverage) and InfluxDB. */
public final class BroadcastEncoders {

  private BroadcastEncoders() {}

  /** The coverage, retained on {@code vigil/broadcast/<incident>}. */
  public static final class CoverageMessages implements MqttMessageEncoder<BroadcastCoverage> {
    private static final long serialVersionUID = 1L;

    @Override
    public String topic(BroadcastCoverage c) {
      return Topics.broadcast(c.incident());
    }

    @Override
    public byte[] payload(BroadcastCoverage c) {
      return c.json().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean retained(BroadcastCoverage c) {
      return true;
    }
  }

  /**
   * Measurement {@code broadcast_coverage}, tags {@code incident}, {@code identifier}, {@code msg_type} and {@code
   * level}; integer fields {@code targets}, {@code confirmed}, {@code pending}, {@code gave_up}, {@code superseded};
   * time = the publication's, strictly increasing per incident, so every update is its own point.
   */
  public static void coverage(BroadcastCoverage c, LineProtocol.Builder out) {
    out.measurement("broadcast_coverage").tag("incident", c.incident()).tag("identifier", c.identifier())
        .tag("msg_type", c.msgType()).tag("level", c.level())
        .field("targets", (long) c.targets()).field("confirmed", (long) c.confirmed())
        .field("pending", (long) c.pending()).field("gave_up", (long) c.gaveUp())
        .field("superseded", (long) c.superseded())
        .timestamp(c.updatedAtMs());
  }

  /**
   * Measurement {@code broadcast_deliveries}, tags {@code incident}, {@code identifier}, {@code loudspeaker}, {@code
   * region} and {@code status} ({@code failed}, {@code confirmed}, {@code gave_up}, {@code superseded}); fields
   * {@code attempts}, {@code latency_ms} (integers) and {@code reason} (string); time = the event's. One loudspeaker's
   * events of one message are apart by at least a request or a backoff, and the tags hold the loudspeaker and the
   * message, so no two events share a point.
   */
  public static void delivery(BroadcastOutcome o, LineProtocol.Builder out) {
    out.measurement("broadcast_deliveries").tag("incident", o.incident()).tag("identifier", o.identifier())
        .tag("loudspeaker", o.loudspeaker()).tag("region", o.region()).tag("status", o.status())
        .field("attempts", (long) o.attempts()).field("latency_ms", o.latencyMs()).field("reason", o.reason())
        .timestamp(o.atMs());
  }
}
