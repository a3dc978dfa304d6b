package org.vigil.jobs.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.vigil.core.DeadLetter;
import org.vigil.core.HazardMetrics;
import org.vigil.core.Reading;
import org.vigil.core.SensorMetrics;
import org.vigil.decode.RejectReason;
import org.vigil.analytics.rain.IdCheck;
import org.vigil.analytics.rain.RainEvent;
import org.vigil.analytics.rain.RainGauge;
import org.vigil.analytics.rain.RainSnapshot;
import org.vigil.analytics.slope.Displacements;
import org.vigil.analytics.slope.InverseVelocityForecast;
import org.vigil.analytics.slope.SlopeSensor;
import org.vigil.analytics.slope.SlopeSnapshot;
import org.vigil.analytics.water.WaterGauge;
import org.vigil.analytics.water.WaterSnapshot;

/**
 * The per-sensor hazard analytics (keyed by subject, fed in device-time order): for each reading, the sensor's
 * metrics, i.e. its own fields plus what its history gives:
 *
 * <ul>
 *   <li>rain gauges: rolling accumulations, the current rain event, effective antecedent rainfall and the event's
 *       ratio to each intensity-duration curve ({@link RainGauge});
 *   <li>displacement sensors (GNSS, crack meters, inclinometers with configured geometry): smoothed velocity and
 *       acceleration, onset of acceleration, the improved tangent angle and the inverse-velocity failure forecast
 *       ({@link SlopeSensor});
 *   <li>water-level gauges: the rate of rise ({@link WaterGauge}).
 * </ul>
 *
 * The Flink-free analytics are the state; this function only routes readings to them and names their outputs
 * ({@link HazardMetrics}). A rain report older than the gauge's kept history, or a displacement or water-level reading
 * not newer than the sensor's last, cannot be analysed: it is counted ({@code lateReadingsDropped}), stored with
 * {@code late=true} ({@link #NOT_ANALYSED}) and dead-lettered as {@code late} with the reason ({@link #DEAD_LETTERS}).
 * {@link SensorTimeFunction} upstream hands each sensor's readings over in device-time order, so this happens only to
 * readings older than what the sensor's state already holds.
 *
 * <p>Every reading's metrics go to the main output (the rules judge each one). Those to be stored in InfluxDB
 * {@code derived} go to {@link #DERIVED} as well, at most one per sensor per {@link AnalyticsOptions#derivedIntervalMs}
 * of device time (before, one point per derived metric and reading was most of InfluxDB's work): a reading at least
 * that long after the sensor's last stored point gets one, and so does a late report that corrects figures at or
 * before it. With 0, every reading.
 *
 * <p>State per sensor is bounded by a constant whatever the reporting rate, and a fast reporter costs O(1) amortised
 * work per reading (before, with every raw reading kept, 10,000 sensors at 1 Hz grew a checkpoint from 25 to 175 MB
 * in 5 minutes): a rain gauge merges reports closer than {@code VIGIL_RAIN_RESOLUTION} and entries older than {@code
 * VIGIL_RAIN_FINE_HISTORY} into hour buckets (with the defaults at most about 103 KB serialized, 56 KB at 1 Hz or
 * one report a minute); a slope
 * sensor averages readings per {@code VIGIL_SLOPE_RESOLUTION} (at most about 64 KB); a water gauge per {@code
 * VIGIL_WATER_RESOLUTION} (about 2 KB). Each class documents its bound and the accuracy it keeps.
 */
public final class HazardAnalyticsFunction extends KeyedProcessFunction<String, Reading, SensorMetrics> {

  /** The metrics to store in InfluxDB {@code derived} (at most one per sensor and derived interval). */
  public static final OutputTag<SensorMetrics> DERIVED =
      new OutputTag<>("derived-to-store", SensorMetricsSerializer.TYPE);

  /** Readings the analytics could not take (older than what the sensor's state holds): stored with late=true. */
  public static final OutputTag<Reading> NOT_ANALYSED = new OutputTag<>("not-analysed", ReadingSerializer.TYPE);

  /** Dead letters (reason {@code late}) of the readings in {@link #NOT_ANALYSED}, saying why. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("analytics-dead-letters") {};

  private final AnalyticsOptions options;

  private transient ValueState<RainGauge> rain;
  private transient ValueState<SlopeSensor> slope;
  private transient ValueState<WaterGauge> water;
  private transient ValueState<Long> lastStored; // device time of the sensor's last stored derived point
  private transient Counter lateDropped;
  private transient DeadLetterCounters deadLetters;

  public HazardAnalyticsFunction(AnalyticsOptions options) {
    this.options = options;
  }

  @Override
  public void open(OpenContext openContext) {
    rain = getRuntimeContext().getState(new ValueStateDescriptor<>("rain-gauge", RainGauge.class));
    slope = getRuntimeContext().getState(new ValueStateDescriptor<>("slope-sensor", SlopeSensor.class));
    water = getRuntimeContext().getState(new ValueStateDescriptor<>("water-gauge", WaterGauge.class));
    lastStored = getRuntimeContext().getState(new ValueStateDescriptor<>("derived-stored-at", Long.class));
    lateDropped = getRuntimeContext().getMetricGroup().counter("lateReadingsDropped");
    deadLetters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Reading r, Context ctx, Collector<SensorMetrics> out) throws Exception {
    Map<String, Double> derived = new HashMap<>();
    long at = r.timestampMs();
    switch (r.kind()) {
      case RAIN -> {
        double mm = r.value("rain_mm");
        if (Double.isNaN(mm)) {
          break;
        }
        RainGauge g = rain.value();
        if (g == null) {
          g = new RainGauge();
        }
        long newest = g.newest();
        if (!g.add(at, mm, options.rain())) {
          notAnalysed(r, ctx, !(mm >= 0) || Double.isInfinite(mm) ? "not a rain amount: " + mm
              : "older than the gauge keeps: " + Duration.ofMillis(options.rain().historyMs())
                  + " of reports before its newest, " + Instant.ofEpochMilli(newest));
          return;
        }
        rain.update(g);
        // A late report corrects the sums as of the gauge's newest report.
        at = Math.max(at, g.newest());
        rainMetrics(g.snapshot(at, options.rain()), derived);
      }
      case GNSS, CRACK, TILT -> {
        OptionalDouble d = Displacements.of(r.kind(), r.values(), options.geometry(r.subject()));
        if (d.isEmpty()) {
          break;
        }
        SlopeSensor s = slope.value();
        if (s == null) {
          s = new SlopeSensor();
        }
        long last = s.lastReadingMs;
        if (!s.add(at, d.getAsDouble(), options.slope())) {
          notAnalysed(r, ctx, "not newer than the sensor's newest analysed reading, " + Instant.ofEpochMilli(last)
              + ": displacement analytics (velocity, tangent angle, forecast) only move forward in device time");
          return;
        }
        slope.update(s);
        slopeMetrics(s.snapshot(options.slope()), d.getAsDouble(), derived);
      }
      case LEVEL -> {
        double level = r.value("level_m");
        if (Double.isNaN(level)) {
          break;
        }
        WaterGauge w = water.value();
        if (w == null) {
          w = new WaterGauge();
        }
        long last = w.lastReadingMs;
        if (!w.add(at, level, options.water())) {
          notAnalysed(r, ctx, "not newer than the gauge's newest analysed reading, " + Instant.ofEpochMilli(last)
              + ": the rate of rise only moves forward in device time");
          return;
        }
        water.update(w);
        WaterSnapshot ws = w.snapshot(options.water());
        if (ws != null) {
          put(derived, HazardMetrics.LEVEL_RISE, ws.riseMPerH());
        }
      }
      default -> {
        // pore pressure: its own fields only
      }
    }
    Map<String, Double> raw = at == r.timestampMs() ? r.values() : Map.of();
    SensorMetrics m = new SensorMetrics(r.site(), r.kind(), r.sensorId(), at, raw, derived);
    out.collect(m);
    if (!derived.isEmpty() && storeDerived(at)) {
      ctx.output(DERIVED, m);
    }
  }

  /** A reading the analytics cannot take: counted, stored with late=true, dead-lettered with the reason. */
  private void notAnalysed(Reading r, Context ctx, String why) {
    lateDropped.inc();
    deadLetters.inc(RejectReason.LATE);
    ctx.output(NOT_ANALYSED, r);
    ctx.output(DEAD_LETTERS, ReadingDeadLetters.of(r, RejectReason.LATE, "stored with late=true but not analysed: "
        + r.subject() + " at " + Instant.ofEpochMilli(r.timestampMs()) + " is " + why,
        ctx.timerService().currentProcessingTime()));
  }

  private boolean storeDerived(long at) throws Exception {
    long interval = options.derivedIntervalMs();
    if (interval == 0) {
      return true;
    }
    Long last = lastStored.value();
    if (last != null && at <= last) {
      return true; // a late report's corrections as of a stored time: store them over it
    }
    if (last == null || at - last >= interval) {
      lastStored.update(at);
      return true;
    }
    return false;
  }

  static void rainMetrics(RainSnapshot s, Map<String, Double> m) {
    put(m, HazardMetrics.RAIN_10M, s.mm10m());
    put(m, HazardMetrics.RAIN_1H, s.mm1h());
    put(m, HazardMetrics.RAIN_3H, s.mm3h());
    put(m, HazardMetrics.RAIN_24H, s.mm24h());
    put(m, HazardMetrics.RAIN_72H, s.mm72h());
    put(m, HazardMetrics.EFFECTIVE_RAIN, s.effectiveMm());
    put(m, HazardMetrics.ANTECEDENT_RAIN, s.antecedentMm());
    RainEvent e = s.event();
    if (e != null) {
      put(m, HazardMetrics.RAIN_EVENT_MM, e.totalMm());
      put(m, HazardMetrics.RAIN_EVENT_DURATION_H, e.durationH());
      put(m, HazardMetrics.RAIN_EVENT_INTENSITY, e.meanIntensityMmH());
    }
    for (IdCheck c : s.idChecks()) {
      if (c.inRange()) {
        put(m, HazardMetrics.idRatio(c.curve().name()), c.ratio());
        put(m, HazardMetrics.idThreshold(c.curve().name()), c.thresholdMmH());
      }
    }
  }

  /** The derived slope metrics of a snapshot (public for the forecast evaluation, which runs the same code). */
  public static void slopeMetrics(SlopeSnapshot s, double displacement, Map<String, Double> m) {
    put(m, HazardMetrics.DISPLACEMENT, displacement);
    if (s == null) {
      return;
    }
    put(m, HazardMetrics.VELOCITY, s.velocityMmD());
    put(m, HazardMetrics.VELOCITY_STDERR, s.velocityStdErrMmD());
    put(m, HazardMetrics.ACCELERATION, s.accelerationMmD2());
    if (s.accelerationOnsetMs() >= 0) {
      put(m, HazardMetrics.ACCELERATION_ONSET, s.accelerationOnsetMs());
    }
    put(m, HazardMetrics.STEADY_VELOCITY, s.steadyVelocityMmD());
    put(m, HazardMetrics.TANGENT_ANGLE, s.tangentAngleDeg());
    put(m, HazardMetrics.TANGENT_ANGLE_LOW, s.tangentAngleLowDeg());
    if (s.velocityMmD() > 0) {
      put(m, HazardMetrics.INVERSE_VELOCITY, 1 / s.velocityMmD());
    }
    InverseVelocityForecast f = s.forecast();
    if (f != null) {
      // A poor fit is reported by its quality alone: no failure time.
      if (f.given()) {
        put(m, HazardMetrics.FORECAST_FAILURE, f.failureAtMs());
      }
      put(m, HazardMetrics.FORECAST_R2, f.r2());
      if (f.latestFailureAtMs() > s.atMs()) {
        put(m, HazardMetrics.FORECAST_LATEST_H, (f.latestFailureAtMs() - s.atMs()) / 3_600_000.0);
      }
    }
  }

  /** Rounded to 1e-6 (sums of 0.1/0.2 mm tips otherwise read 10.000000000000002); non-finite values are left out. */
  private static void put(Map<String, Double> m, String name, double v) {
    if (Double.isFinite(v)) {
      m.put(name, Math.abs(v) < 1e12 ? Math.round(v * 1e6) / 1e6 : v);
    }
  }
}
