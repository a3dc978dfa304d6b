package org.vigil.jobs.monitoring;

import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.core.Derived;
import org.vigil.core.Reading;
import org.vigil.jobs.influx.LineProtocol;

/** How Vigil's records are stored in InfluxDB (the schema of the design brief). */
public final class InfluxEncoders {

  private InfluxEncoders() {}

  /**
   * Readings: measurement = sensor kind, tags site and sensor, one field per value plus {@code battery_v},
   * {@code rssi} and {@code seq} when present; time = device time. A replayed reading overwrites itself.
   */
  public static void reading(Reading r, LineProtocol.Builder out) {
    out.measurement(r.kind().wireName()).tag("site", r.site()).tag("sensor", r.sensorId());
    r.values().forEach(out::field);
    out.field("battery_v", r.batteryV()); // NaN (absent) is skipped
    out.field("rssi", r.rssi());
    if (r.seq() >= 0) {
      out.field("seq", r.seq());
    }
    out.timestamp(r.timestampMs());
  }

  /** Derived series: measurement {@code derived}, tags site, sensor, metric; field {@code value}. */
  public static void derived(Derived d, LineProtocol.Builder out) {
    out.measurement("derived").tag("site", d.site()).tag("sensor", d.sensorId()).tag("metric", d.metric())
        .field("value", d.value()).timestamp(d.timestampMs());
  }

  /** Alert transitions: measurement {@code alerts}, tags site, rule, level, state; time = the transition's time. */
  public static void alert(AlertEvent a, LineProtocol.Builder out) {
    out.measurement("alerts")
        .tag("site", a.site())
        .tag("rule", a.rule())
        .tag("level", a.level().wireName())
        .tag("state", a.state().wireName())
        .field("id", a.id())
        .field("subject", a.subject())
        .field("previous_level", a.previousLevel().wireName())
        .field("value", a.value())
        .field("threshold", a.threshold())
        .field("started_at", a.startedAtMs())
        .field("message", a.message())
        .timestamp(a.updatedAtMs());
  }

  /**
   * Dead letters: measurement {@code deadletter}, tag reason; time = when received. Two rejections with the same
   * reason in the same millisecond share a point (the last is kept): the MQTT topic {@code vigil/deadletter} and
   * the {@code deadLetters} counter have every one.
   */
  public static void deadLetter(DeadLetter d, LineProtocol.Builder out) {
    out.measurement("deadletter")
        .tag("reason", d.reason())
        .field("topic", d.topic())
        .field("detail", d.detail())
        .field("payload", d.payload())
        .field("payload_bytes", (long) d.payloadBytes())
        .timestamp(d.receivedAtMs());
  }
}
