package org.vigil.jobs.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.vigil.alerts.notify.AckDecision;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.core.SensorMetrics;
import org.vigil.core.SiteRisk;
import org.vigil.jobs.influx.InfluxEncoder;
import org.vigil.jobs.influx.LineProtocol;
import org.vigil.jobs.rules.RulesetStatus;

/** How Vigil's records are stored in InfluxDB (the schema of the design brief). */
public final class InfluxEncoders {

  private InfluxEncoders() {}

  /**
   * Readings: measurement = sensor kind, tags site and sensor, one field per value plus {@code battery_v},
   * {@code rssi} and {@code seq} when present; time = device time. A replayed reading overwrites itself.
   */
  public static void reading(Reading r, LineProtocol.Builder out) {
    readingFields(r, out);
    out.timestamp(r.timestampMs());
  }

  /**
   * Late readings (later than the allowed lateness behind the watermark): the same point as {@link #reading} plus
   * the boolean field {@code late=true}. A field, not a tag, so the reading stays in its sensor's series;
   * {@code WHERE late = true} finds them. Analytics did not use them.
   */
  public static void lateReading(Reading r, LineProtocol.Builder out) {
    readingFields(r, out);
    out.field("late", true);
    out.timestamp(r.timestampMs());
  }

  private static void readingFields(Reading r, LineProtocol.Builder out) {
    out.measurement(r.kind().wireName()).tag("site", r.site()).tag("sensor", r.sensorId());
    r.values().forEach(out::field);
    out.field("battery_v", r.batteryV()); // NaN (absent) is skipped
    out.field("rssi", r.rssi());
    if (r.seq() >= 0) {
      out.field("seq", r.seq());
    }
  }

  /**
   * Derived series: one point per derived metric, measurement {@code derived}, tags site, sensor, metric; field
   * {@code value}; time = device time of the reading they were derived from. Raw fields are not repeated here.
   */
  public static void derived(SensorMetrics m, LineProtocol.Builder out) {
    m.derived().forEach((metric, value) ->
        out.measurement("derived").tag("site", m.site()).tag("sensor", m.sensorId()).tag("metric", metric)
            .field("value", value).timestamp(m.timestampMs()));
  }

  /**
   * Rule changes (the audit of the ruleset): measurement {@code rule_changes}, tag status (accepted, rejected);
   * fields version, active_version, author, comment, summary, problems (joined by newlines); time = the decision.
   */
  public static void ruleChange(RulesetStatus s, LineProtocol.Builder out) {
    out.measurement("rule_changes")
        .tag("status", s.accepted() ? "accepted" : "rejected")
        .field("version", s.version())
        .field("active_version", s.activeVersion())
        .field("author", s.author())
        .field("comment", s.comment())
        .field("summary", s.summary())
        .field("problems", String.join("\n", s.problems()))
        .timestamp(s.atMs());
  }

  /**
   * Site risk changes: measurement {@code site_risk}, tag site; fields level (as text and as a number 0-4 for
   * graphs), previous_level, rule, subject (the driving alert) and open_alerts.
   */
  public static void siteRisk(SiteRisk r, LineProtocol.Builder out) {
    out.measurement("site_risk")
        .tag("site", r.site())
        .field("level", r.level().wireName())
        .field("level_rank", (long) r.level().ordinal())
        .field("previous_level", r.previousLevel().wireName())
        .field("rule", r.rule())
        .field("subject", r.subject())
        .field("open_alerts", (long) r.openAlerts())
        .timestamp(r.timestampMs());
  }

  /** Alert transitions: measurement {@code alerts}, tags site, rule, level, state; time = the transition's time. */
  public static void alert(AlertEvent a, LineProtocol.Builder out) {
    transition(a, out);
    // The numbers that explain it, as fields detail_<name>; the slope forecast as forecast_failure_at (epoch ms).
    a.details().forEach((k, v) -> out.field("detail_" + k, v));
    if (a.forecastFailureAtMs() != null) {
      out.field("forecast_failure_at", a.forecastFailureAtMs().longValue());
    }
    out.timestamp(a.updatedAtMs());
  }

  /**
   * An accepted acknowledgement: the {@code acknowledged} transition as {@link #alert} writes it (state tag {@code
   * acknowledged}), plus fields {@code acked_by} and {@code ack_comment}. Refused acks are not stored here (they are
   * answered on {@code vigil/{site}/acks} and logged).
   */
  public static void acknowledged(AckDecision d, LineProtocol.Builder out) {
    AlertEvent a = d.event();
    transition(a, out);
    out.field("acked_by", d.ack().by()).field("ack_comment", d.ack().comment());
    out.timestamp(a.updatedAtMs());
  }

  /** The tags and fields every stored transition has (measurement {@code alerts}); no time yet. */
  private static void transition(AlertEvent a, LineProtocol.Builder out) {
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
        .field("message", a.message());
  }

  /** Slots of the {@code slot} tag of dead letters. */
  static final int DEAD_LETTER_SLOTS = 100;

  /**
   * Dead letters: measurement {@code deadletter}, tags {@code reason} and {@code slot}, fields topic, detail, payload,
   * payload_bytes; time = when received.
   *
   * <p>InfluxDB keeps one point per series and timestamp, and the write precision is milliseconds, so dead letters
   * with the same reason in the same millisecond would overwrite each other (a burst of bad input does that). Two
   * measures keep them apart: the {@code slot} tag, 0..99 from a hash of topic, detail and payload (bounded: at most
   * 100 series per reason, unlike a topic tag, which a publisher spraying random topics could grow without limit),
   * and, within one writer, a point whose reason, slot and millisecond were already used moves to the next free
   * millisecond. What remains is two parallel writers hitting the same reason, slot and millisecond (about 1 in 100
   * for two same-reason dead letters in one millisecond on different readers). The MQTT topic {@code vigil/deadletter}
   * and the {@code deadLetters} counters have every one.
   */
  public static final class DeadLetterEncoder implements InfluxEncoder<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final int REMEMBERED = 10_000;

    /** reason/slot/ms keys used recently by this writer (a subtask has its own copy of the encoder). */
    private transient Map<String, Boolean> used;

    @Override
    public void encode(DeadLetter d, LineProtocol.Builder out) {
      if (used == null) {
        used = new LinkedHashMap<>(256, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
          }
        };
      }
      int slot = slot(d);
      long ts = d.receivedAtMs();
      while (used.putIfAbsent(d.reason() + "/" + slot + "/" + ts, Boolean.TRUE) != null) {
        ts++;
      }
      out.measurement("deadletter")
          .tag("reason", d.reason())
          .tag("slot", Integer.toString(slot))
          .field("topic", d.topic())
          .field("detail", d.detail())
          .field("payload", d.payload())
          .field("payload_bytes", (long) d.payloadBytes())
          .timestamp(ts);
    }

    static int slot(DeadLetter d) {
      return Math.floorMod(Objects.hash(d.topic(), d.detail(), d.payload()), DEAD_LETTER_SLOTS);
    }
  }
}
