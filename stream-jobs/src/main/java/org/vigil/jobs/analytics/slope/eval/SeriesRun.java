package org.vigil.jobs.analytics.slope.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleEngine;
import org.vigil.alerts.rules.RuleState;
import org.vigil.core.AlertEvent;
import org.vigil.core.HazardMetrics;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;
import org.vigil.analytics.slope.Displacements;
import org.vigil.analytics.slope.InverseVelocityForecast;
import org.vigil.analytics.slope.SlopeOptions;
import org.vigil.analytics.slope.SlopeSensor;
import org.vigil.analytics.slope.SlopeSnapshot;
import org.vigil.jobs.monitoring.HazardAnalyticsFunction;

/**
 * Runs one generated series through the job's slope analytics and rules, Flink-free: each reading goes through
 * {@link Displacements}, {@link SlopeSensor}, the job's derived metrics ({@link HazardAnalyticsFunction#slopeMetrics})
 * and a {@link RuleEngine} per rule that applies (reading by reading, then its timers at the reading's time, as the
 * job's watermarks would), and the outcome is recorded: the forecast at each evaluation point and the time each
 * level was first reached.
 */
public final class SeriesRun {

  /** Evaluation points, days before failure. */
  public static final double[] POINTS_DAYS = {2, 1.5, 1, 0.5, 0.25};

  /** What a forecast at an evaluation point was. */
  public enum Outcome {
    /** A failure time was given. */
    GIVEN,
    /** A fit was made but judged poor: no time given. */
    POOR_FIT,
    /** No fit: the sensor was not (yet) accelerating or had too few points. */
    NONE,
    /** The point is not in the acceleration phase of this series. */
    NOT_APPLICABLE
  }

  /**
   * The outcome of one series.
   *
   * @param series the series
   * @param outcomes per evaluation point
   * @param errorsPct per evaluation point, (forecast - t_f) / (t_f - t) in %, NaN unless given
   * @param firstReachedMs per level (index {@link Level#ordinal()}), first time any slope rule was at or above it,
   *     epoch ms, {@link Long#MAX_VALUE} when never
   * @param failureMs true failure time, epoch ms (for steady series: the end of the check)
   * @param onsetMs start of the acceleration, epoch ms
   * @param slopeCpuNs thread CPU time of the slope analytics ({@link SlopeSensor#add} and {@link
   *     SlopeSensor#snapshot}), ns, summed per phase: {@link #CREEP}, {@link #ACCELERATION}, {@link #NEAR_FAILURE}
   *     (the last {@link #NEAR_FAILURE_HOURS} h, also counted in the acceleration)
   * @param slopeReadings readings per phase, as {@code slopeCpuNs}
   * @param slopeMaxNs the most one reading cost, ns
   * @param deadlineAccelerating whether the sensor was marked accelerating at the red deadline (the last reading at
   *     or before {@link ForecastReport#TARGET_RED_SHARE_LEFT} of the acceleration left)
   * @param deadlineLatestH {@code forecast_latest_h} at the red deadline, NaN when none was written
   */
  public record Result(ForecastGrid.Series series, Outcome[] outcomes, double[] errorsPct, long[] firstReachedMs,
      long failureMs, long onsetMs, long[] slopeCpuNs, long[] slopeReadings, long slopeMaxNs,
      boolean deadlineAccelerating, double deadlineLatestH) {

    /** Share of the acceleration phase left when the level was first reached; NaN when never. */
    public double shareLeft(Level level) {
      long at = firstReachedMs[level.ordinal()];
      return at == Long.MAX_VALUE ? Double.NaN : (failureMs - at) / (double) (failureMs - onsetMs);
    }

    /** True when some level was reached during the steady creep (before the acceleration began). */
    public boolean raisedInCreep() {
      return Arrays.stream(firstReachedMs).anyMatch(t -> t < onsetMs);
    }
  }

  /** Phases of {@link Result#slopeCpuNs}. */
  public static final int CREEP = 0;

  public static final int ACCELERATION = 1;

  public static final int NEAR_FAILURE = 2;

  public static final int NEAR_FAILURE_HOURS = 6;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static final long ORIGIN_MS = 1_780_000_000_000L;
  private static final double DAY_MS = 86_400_000.0;

  private SeriesRun() {}

  /** Runs a series with these options against these rules (those that apply to the sensor's kind are judged). */
  public static Result run(ForecastGrid.Series series, SlopeOptions options, List<RuleDef> rules) {
    VoightLaw law = series.law();
    long failureMs = ORIGIN_MS + Math.round(law.failureDays() * DAY_MS);
    long onsetMs = ORIGIN_MS + Math.round(law.creepDays() * DAY_MS);
    long endMs = series.steady() ? ORIGIN_MS + Math.round(ForecastGrid.STEADY_DAYS * DAY_MS) : failureMs - 1;
    long stepMs = series.stepMinutes() * 60_000L;
    Random noise = new Random(series.seed());
    String field = series.kind() == SensorKind.CRACK ? "crack_mm" : "disp_mm";

    List<RuleEngine> engines = new ArrayList<>();
    List<RuleState> states = new ArrayList<>();
    SensorMetrics probe = metrics(series.kind(), ORIGIN_MS, Map.of(field, 0.0), Map.of());
    for (RuleDef r : rules) {
      RuleEngine e = new RuleEngine(r);
      if (e.applies(probe)) {
        engines.add(e);
        states.add(e.newState(probe));
      }
    }

    SlopeSensor sensor = new SlopeSensor();
    Outcome[] outcomes = new Outcome[POINTS_DAYS.length];
    double[] errors = new double[POINTS_DAYS.length];
    long[] pointMs = new long[POINTS_DAYS.length];
    for (int i = 0; i < POINTS_DAYS.length; i++) {
      boolean inPhase = !series.steady() && POINTS_DAYS[i] < law.accelerationDays();
      outcomes[i] = inPhase ? Outcome.NONE : Outcome.NOT_APPLICABLE;
      errors[i] = Double.NaN;
      pointMs[i] = failureMs - Math.round(POINTS_DAYS[i] * DAY_MS);
    }
    long[] first = new long[Level.values().length];
    Arrays.fill(first, Long.MAX_VALUE);
    long[] cpu = new long[3];
    long[] counted = new long[3];
    long maxNs = 0;
    long nearMs = failureMs - NEAR_FAILURE_HOURS * 3_600_000L;
    long deadlineMs = failureMs - Math.round(ForecastReport.TARGET_RED_SHARE_LEFT * (failureMs - onsetMs));
    boolean deadlineAccelerating = false;
    double deadlineLatestH = Double.NaN;

    for (long t = ORIGIN_MS; t <= endMs; t += stepMs) {
      double reading = law.displacement((t - ORIGIN_MS) / DAY_MS) + series.noiseMm() * noise.nextGaussian();
      Map<String, Double> raw = Map.of(field, reading);
      double d = Displacements.of(series.kind(), raw, null).orElseThrow();
      long c0 = THREADS.getCurrentThreadCpuTime();
      if (!sensor.add(t, d, options)) {
        continue;
      }
      SlopeSnapshot snap = sensor.snapshot(options);
      long spent = THREADS.getCurrentThreadCpuTime() - c0;
      int phase = series.steady() || t < onsetMs ? CREEP : ACCELERATION;
      cpu[phase] += spent;
      counted[phase]++;
      if (phase == ACCELERATION && t >= nearMs) {
        cpu[NEAR_FAILURE] += spent;
        counted[NEAR_FAILURE]++;
      }
      maxNs = Math.max(maxNs, spent);
      Map<String, Double> derived = new HashMap<>();
      HazardAnalyticsFunction.slopeMetrics(snap, d, derived);
      if (!series.steady() && t <= deadlineMs && t + stepMs > deadlineMs) {
        deadlineAccelerating = snap != null && snap.accelerating();
        deadlineLatestH = derived.getOrDefault(HazardMetrics.FORECAST_LATEST_H, Double.NaN);
      }
      SensorMetrics m = metrics(series.kind(), t, raw, derived);
      for (int k = 0; k < engines.size(); k++) {
        record(engines.get(k).onMetrics(states.get(k), m), first);
        record(engines.get(k).onTime(states.get(k), t), first);
      }
      // The evaluation point's forecast is the one of the last reading at or before it.
      for (int i = 0; i < POINTS_DAYS.length; i++) {
        if (outcomes[i] == Outcome.NOT_APPLICABLE || t > pointMs[i] || t + stepMs <= pointMs[i]) {
          continue;
        }
        InverseVelocityForecast f = snap == null ? null : snap.forecast();
        if (f == null) {
          outcomes[i] = Outcome.NONE;
        } else if (!f.given()) {
          outcomes[i] = Outcome.POOR_FIT;
        } else {
          outcomes[i] = Outcome.GIVEN;
          errors[i] = 100.0 * (f.failureAtMs() - failureMs) / (failureMs - t);
        }
      }
    }
    return new Result(series, outcomes, errors, first, series.steady() ? endMs : failureMs, series.steady()
        ? ORIGIN_MS + Math.round(law.creepDays() * DAY_MS) : onsetMs, cpu, counted, maxNs, deadlineAccelerating,
        deadlineLatestH);
  }

  private static void record(List<AlertEvent> events, long[] first) {
    for (AlertEvent e : events) {
      for (Level l : Level.ALERT_LEVELS) {
        if (e.level().compareTo(l) >= 0) {
          first[l.ordinal()] = Math.min(first[l.ordinal()], e.updatedAtMs());
        }
      }
    }
  }

  private static SensorMetrics metrics(SensorKind kind, long t, Map<String, Double> raw, Map<String, Double> derived) {
    return new SensorMetrics("eval", kind, kind.wireName() + "-1", t, raw, derived);
  }
}
