package org.vigil.jobs.monitoring;

import java.util.Objects;
import org.vigil.alerts.notify.AckDecision;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.core.SensorMetrics;
import org.vigil.core.SiteRisk;
import org.vigil.connectors.influx.DistinctTimes;
import org.vigil.connectors.influx.InfluxEncoder;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.jobs.rules.RulesetStatus;

/** How Vigil's records are stored in InfluxDB (the schema in README, Storage). */
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
   * Two decisions with the same status in one millisecond (a burst of publishes) would share a point: the one writer
   * (parallelism 1, like the decisions) moves the later to the next free millisecond.
   */
  public static final class RuleChangeEncoder implements InfluxEncoder<RulesetStatus> {
    private static final long serialVersionUID = 1L;
    private transient DistinctTimes times;

    @Override
    public void encode(RulesetStatus s, LineProtocol.Builder out) {
      if (times == null) {
        times = new DistinctTimes(REMEMBERED);
      }
      String status = s.accepted() ? "accepted" : "rejected";
      out.measurement("rule_changes")
          .tag("status", status)
          .field("version", s.version())
          .field("active_version", s.activeVersion())
          .field("author", s.author())
          .field("comment", s.comment())
          .field("summary", s.summary())
          .field("problems", String.join("\n", s.problems()))
          .timestamp(times.claim(status, s.atMs()));
    }
  }

  /**
   * Site risk changes: measurement {@code site_risk}, tag site; fields level (as text and as a number 0-4 for
   * graphs), previous_level, rule, subject (the driving alert) and open_alerts; time = the device time of the
   * transition that changed it. Transitions of several sensors at one instant can change a site's risk more than once
   * in the same millisecond (yellow, then orange): each change is kept, the later ones moved to the next free
   * millisecond, in the order the site's changes were made, so {@code last()} is the risk after that instant. One
   * writer sees all of a site's changes (the sink follows the site-keyed risk operator by a forward connection).
   */
  public static final class SiteRiskEncoder implements InfluxEncoder<SiteRisk> {
    private static final long serialVersionUID = 1L;
    private transient DistinctTimes times;

    @Override
    public void encode(SiteRisk r, LineProtocol.Builder out) {
      if (times == null) {
        times = new DistinctTimes(REMEMBERED);
      }
      out.measurement("site_risk")
          .tag("site", r.site())
          .field("level", r.level().wireName())
          .field("level_rank", (long) r.level().ordinal())
          .field("previous_level", r.previousLevel().wireName())
          .field("rule", r.rule())
          .field("subject", r.subject())
          .field("open_alerts", (long) r.openAlerts())
          .timestamp(times.claim(r.site(), r.timestampMs()));
    }
  }

  /**
   * Alert transitions: measurement {@code alerts}, tags site, rule, level, state and subject (the sensor, camera
   * zone or, for compound rules, the site), so that transitions of different subjects at one instant are points of
   * their own; time = the transition's time. One subject has one open alert per rule and makes one transition per
   * reading, so a series gets a second point in one millisecond only in corner cases (three readings of one sensor
   * with the same device time re-opening an alert); this writer, which sees every transition of a subject (the sink
   * follows the subject-keyed rule operators by a forward connection), moves such a point to the next free
   * millisecond instead of overwriting.
   *
   * <p>Referrals of unacknowledged alerts (state {@code referred}, from noise control) are a series of their own by
   * the state tag, all of one alert's coming from one noise-control subtask, one period apart (stamped with the time
   * each was due): they never overwrite another transition. Their fields {@code referral} (1, 2, ...),
   * {@code referred_to} (region id, empty without a registry), {@code referred_to_level} and {@code reminder} say
   * which and to whom.
   */
  public static final class AlertEncoder implements InfluxEncoder<AlertEvent> {
    private static final long serialVersionUID = 1L;
    private transient DistinctTimes times;

    @Override
    public void encode(AlertEvent a, LineProtocol.Builder out) {
      if (times == null) {
        times = new DistinctTimes(REMEMBERED);
      }
      transition(a, out);
      // The numbers that explain it, as fields detail_<name>; the slope forecast as forecast_failure_at (epoch ms).
      a.details().forEach((k, v) -> out.field("detail_" + k, v));
      if (a.forecastFailureAtMs() != null) {
        out.field("forecast_failure_at", a.forecastFailureAtMs().longValue());
      }
      if (a.referral() != null) {
        out.field("referral", (long) a.referral().step())
            .field("referred_to", a.referral().regionId())
            .field("referred_to_level", a.referral().regionLevel())
            .field("reminder", a.referral().reminder());
      }
      if (!a.mode().isEmpty()) {
        out.field("mode", a.mode()); // the command mode it was judged in: why a limit differed
      }
      out.timestamp(times.claim(seriesOf(a), a.updatedAtMs()));
    }
  }

  /**
   * An accepted acknowledgement: the {@code acknowledged} transition as {@link AlertEncoder} writes it (state tag
   * {@code acknowledged}, subject tag), plus fields {@code acked_by} and {@code ack_comment}. Refused acks are not
   * stored here (they are answered on {@code vigil/{site}/acks} and logged). An alert takes one ack until an
   * escalation re-arms it (at a new level, so a new series); a clash in one millisecond still moves to the next.
   */
  public static final class AckEncoder implements InfluxEncoder<AckDecision> {
    private static final long serialVersionUID = 1L;
    private transient DistinctTimes times;

    @Override
    public void encode(AckDecision d, LineProtocol.Builder out) {
      if (times == null) {
        times = new DistinctTimes(REMEMBERED);
      }
      AlertEvent a = d.event();
      transition(a, out);
      out.field("acked_by", d.ack().by()).field("ack_comment", d.ack().comment())
          .field("ack_author", d.ack().author());
      out.timestamp(times.claim(seriesOf(a), a.updatedAtMs()));
    }
  }

  /** The tags and fields every stored transition has (measurement {@code alerts}); no time yet. */
  private static void transition(AlertEvent a, LineProtocol.Builder out) {
    out.measurement("alerts")
        .tag("site", a.site())
        .tag("rule", a.rule())
        .tag("level", a.level().wireName())
        .tag("state", a.state().wireName())
        .tag("subject", a.subject())
        .field("id", a.id())
        .field("previous_level", a.previousLevel().wireName())
        .field("value", a.value())
        .field("threshold", a.threshold())
        .field("started_at", a.startedAtMs())
        .field("message", a.message());
  }

  private static String seriesOf(AlertEvent a) {
    return a.site() + '\u0000' + a.rule() + '\u0000' + a.level().wireName() + '\u0000' + a.state().wireName()
        + '\u0000' + a.subject();
  }

  /** Claims a writer remembers to keep its points apart (each a few dozen bytes). */
  private static final int REMEMBERED = 10_000;

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
   * millisecond. The job writes dead letters with one writer (parallelism 1), so no two of them share a point; the
   * MQTT topic {@code vigil/deadletter} and the {@code deadLetters} counters have every one too.
   */
  public static final class DeadLetterEncoder implements InfluxEncoder<DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** reason/slot/ms claimed recently by this writer (a subtask has its own copy of the encoder). */
    private transient DistinctTimes used;

    @Override
    public void encode(DeadLetter d, LineProtocol.Builder out) {
      if (used == null) {
        used = new DistinctTimes(REMEMBERED);
      }
      int slot = slot(d);
      out.measurement("deadletter")
          .tag("reason", d.reason())
          .tag("slot", Integer.toString(slot))
          .field("topic", d.topic())
          .field("detail", d.detail())
          .field("payload", d.payload())
          .field("payload_bytes", (long) d.payloadBytes())
          .timestamp(used.claim(d.reason() + "/" + slot, d.receivedAtMs()));
    }

    static int slot(DeadLetter d) {
      return Math.floorMod(Objects.hash(d.topic(), d.detail(), d.payload()), DEAD_LETTER_SLOTS);
    }
  }
}
