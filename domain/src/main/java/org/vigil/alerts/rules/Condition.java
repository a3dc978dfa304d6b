package org.vigil.alerts.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.vigil.core.SensorKind;

/**
 * What a rule judges, one record per condition {@code type} of the rule file. Every condition turns what it sees into
 * one number (its <em>judged value</em>, see each type) that the rule's levels are compared with in the condition's
 * {@link #direction()}.
 */
public sealed interface Condition extends Serializable
    permits Condition.Threshold, Condition.RateOfChange, Condition.IntensityDuration, Condition.TangentAngle,
        Condition.ForecastWithin, Condition.NoData, Condition.Compound, Condition.RecentAntecedent,
        Condition.RunningIntensity, Condition.Crowd, Condition.CrowdAnomaly {

  /** The {@code type} as written in rule files. */
  String type();

  /** Which side of the levels is the hazard. */
  Direction direction();

  /**
   * True when a level is reached only strictly beyond its threshold ({@code strict: true} of the rain conditions,
   * as USGS Thresh compares): raised when the judged value is above the raise threshold, kept while above the clear
   * threshold. False (every other condition): at or above.
   */
  default boolean strict() {
    return false;
  }

  /** Type names, as written in files. */
  List<String> TYPES = List.of("threshold", "rate_of_change", "intensity_duration", "tangent_angle",
      "forecast_within", "deadman", "compound", "recent_antecedent", "running_intensity", "crowd", "crowd_surge",
      "crowd_dispersal", "crowd_motion");

  /** True for the conditions judged on analysed camera frames rather than sensor readings. */
  default boolean crowd() {
    return false;
  }

  /**
   * {@code threshold}: the rule's metric itself.
   *
   * @param direction above (default) or below
   */
  record Threshold(Direction direction) implements Condition {
    public Threshold {
      Objects.requireNonNull(direction, "direction");
    }

    @Override
    public String type() {
      return "threshold";
    }
  }

  /**
   * {@code rate_of_change}: change of the rule's metric per hour, from the oldest reading within {@code window}
   * before the current one to the current one: {@code (v_now - v_oldest) / hours between them}. Judged only once
   * the readings in the window span at least half of it.
   *
   * @param window how far back to look, positive
   * @param direction above (rising faster than the levels) or below (falling: levels are negative rates)
   */
  record RateOfChange(Duration window, Direction direction) implements Condition {
    public RateOfChange {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(direction, "direction");
    }

    @Override
    public String type() {
      return "rate_of_change";
    }
  }

  /**
   * {@code intensity_duration}: the mean intensity {@code I} of the current rain event
   * ({@code rain_event_intensity_mm_h}) over the curve's threshold intensity {@code alpha * D^-beta} at the event's
   * duration {@code D} ({@code rain_event_duration_h}); levels are multiples of the threshold (1 = on the curve).
   * Outside {@code [minDurationH, maxDurationH]} the curve says nothing and the judged value is 0; so is it for a
   * gauge reading ({@code rain_1h} present) without a current event (the event ended after its dry gap).
   *
   * <p>With a {@code storm} option the rule finds its own storms in the gauge's reports ({@code rain_mm}) instead,
   * as {@link RainSeries} describes, in the series' {@code unit} ({@code alpha} in that unit per hour).
   *
   * @param curve {@code caine1980}, {@code guzzetti2008} or {@code custom}
   * @param alpha mm/h at D = 1 h
   * @param beta the exponent, positive
   * @param minDurationH shortest event duration the curve holds for, hours
   * @param maxDurationH longest, hours
   * @param series the rule's own storms, unit and comparison; null: the job's rain event in mm
   */
  record IntensityDuration(String curve, double alpha, double beta, double minDurationH, double maxDurationH,
      RainSeries series) implements Condition {
    /** Caine (1980): I = 14.82 D^-0.39, for 10 minutes to 10 days. */
    public static final IntensityDuration CAINE_1980 = new IntensityDuration("caine1980", 14.82, 0.39, 1.0 / 6, 240);

    /** Guzzetti et al. (2008), global: I = 2.20 D^-0.44, for 0.1 to 1000 hours. */
    public static final IntensityDuration GUZZETTI_2008 =
        new IntensityDuration("guzzetti2008", 2.20, 0.44, 0.1, 1000);

    public IntensityDuration {
      Objects.requireNonNull(curve, "curve");
    }

    /** A curve judged on the job's rain event ({@code rain_event_*}), in mm. */
    public IntensityDuration(String curve, double alpha, double beta, double minDurationH, double maxDurationH) {
      this(curve, alpha, beta, minDurationH, maxDurationH, null);
    }

    /** The built-in curve of that name, or null. */
    public static IntensityDuration builtin(String name) {
      return switch (name) {
        case "caine1980" -> CAINE_1980;
        case "guzzetti2008" -> GUZZETTI_2008;
        default -> null;
      };
    }

    /** Threshold intensity at duration {@code d} hours, mm/h (the series' unit per hour with a storm). */
    public double thresholdAt(double d) {
      return alpha * Math.pow(d, -beta);
    }

    @Override
    public boolean strict() {
      return series != null && series.strict();
    }

    @Override
    public String type() {
      return "intensity_duration";
    }

    @Override
    public Direction direction() {
      return Direction.ABOVE;
    }

    /** As before the storm option existed when it is not used, so fingerprints of such rules do not change. */
    @Override
    public String toString() {
      String base = "IntensityDuration[curve=" + curve + ", alpha=" + alpha + ", beta=" + beta + ", minDurationH="
          + minDurationH + ", maxDurationH=" + maxDurationH;
      return series == null ? base + "]" : base + ", series=" + series + "]";
    }
  }

  /**
   * {@code tangent_angle}: the improved tangent angle of Xu et al. (2009), degrees, from the rule's metric (default
   * {@code tangent_angle_low_deg}, the angle of the velocity's lower confidence bound). Default levels: yellow 45
   * (clear 40), orange 80 (78), red 85 (83).
   */
  record TangentAngle() implements Condition {
    @Override
    public String type() {
      return "tangent_angle";
    }

    @Override
    public Direction direction() {
      return Direction.ABOVE;
    }
  }

  /**
   * {@code forecast_within}: hours from the reading to the inverse-velocity failure forecast
   * ({@code forecast_failure_ts}); levels are horizons in hours (or durations such as {@code 72h}), judged below.
   * A forecast whose fit quality {@code forecast_r2} is under {@code minR2}, or no forecast at all, counts as none
   * (infinitely far).
   *
   * @param minR2 the least fit quality that counts, 0..1
   */
  record ForecastWithin(double minR2) implements Condition {
    @Override
    public String type() {
      return "forecast_within";
    }

    @Override
    public Direction direction() {
      return Direction.BELOW;
    }
  }

  /**
   * {@code deadman}: hours since the subject's last reading, judged by {@link RuleEngine#onTime}; levels are
   * silences in hours (or durations such as {@code 30m}). A reading brings it back to 0.
   */
  record NoData() implements Condition {
    @Override
    public String type() {
      return "deadman";
    }

    @Override
    public Direction direction() {
      return Direction.ABOVE;
    }
  }

  /** How a compound condition combines its parts. */
  enum Match {
    /** every part. */
    ALL,
    /** at least one part. */
    ANY
  }

  /**
   * One named part of a compound condition: {@code metric} on the {@code direction} side of {@code threshold} at
   * any sensor of the given kinds (every kind that has the metric when empty) of the site.
   */
  record Part(String name, String metric, Set<SensorKind> kinds, Direction direction, double threshold)
      implements Serializable {
    public Part {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(direction, "direction");
      kinds = kinds == null || kinds.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    }

    /** True when a sensor of this kind counts for this part. */
    public boolean appliesTo(SensorKind kind) {
      return kinds.isEmpty() || kinds.contains(kind);
    }
  }

  /**
   * {@code compound}: judged per site. A part holds when some sensor of the site in the rule's scope met it within
   * {@code (now - window, now]}, "now" being the newest device time seen at the site. The judged value is 1 when
   * {@code match} of the parts named in {@code of} hold, else 0; the rule's level is written {@code level: orange}.
   *
   * @param match all or any
   * @param of the names of the parts combined, in the order written
   * @param window how recent each part must be
   * @param parts the parts by name, in the order written
   */
  record Compound(Match match, List<String> of, Duration window, List<Part> parts) implements Condition {
    public Compound {
      Objects.requireNonNull(match, "match");
      Objects.requireNonNull(window, "window");
      of = List.copyOf(of);
      parts = List.copyOf(parts);
    }

    /** The part of that name, or null. */
    public Part part(String name) {
      return parts.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    public String type() {
      return "compound";
    }

    @Override
    public Direction direction() {
      return Direction.ABOVE;
    }
  }
  /** Units of rain depth a rain condition is written in; readings ({@code rain_mm}) are converted to it. */
  enum RainUnit {
    /** millimetres. */
    MM(1),
    /** inches (25.4 mm), as in USGS thresholds. */
    IN(25.4);

    private final double mm;

    RainUnit(double mm) {
      this.mm = mm;
    }

    /** The amount in this unit. */
    public double fromMm(double v) {
      return v / mm;
    }

    /** As written in rule files. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * How a rain condition counts time and storms, shared by {@code recent_antecedent}, {@code running_intensity} and
   * {@code intensity_duration} with a storm. The rule keeps the gauge's reports ({@code rain_mm}, the rain of each
   * report's interval) itself.
   *
   * <p><b>Windows.</b> {@code count: clock} (default): a window of length w at a report's time t holds the reports
   * with {@code t - w < time <= t}; reports within one report interval {@code (k I, (k + 1) I]} are kept as one, so
   * a window that does not end on an interval boundary is exact to one interval at its far edge. {@code count: reports}: it holds the last {@code w / reportInterval} reports, the
   * current one included, however far apart (USGS Thresh's convention: a window is so many data lines, and a missing
   * line is simply not there). Either way a window is judged only once the rule has seen enough: that many reports,
   * or a first report within one report interval of the window's start.
   *
   * <p><b>Storms.</b> {@code storm: {endsAfter: 3h}}: a storm ends when no rain has been reported for that long
   * (Vigil's dry-gap rule, as the job's rain events): its duration runs from the start of its first wet report's
   * interval (the time since the previous report, at most one report interval) to its last wet report, and a dry
   * report within the gap is judged with the storm as it stood. {@code storm: {endsAfter: 3 reports}}: a storm ends
   * with the third dry report in a row (USGS Thresh's convention): it starts at the previous report's time, its
   * duration grows through dry reports inside it (to the report judged), and once it has ended the dry reports that
   * ended it judge 0. So a dry report is judged only when the storm's fate is known: at the next wet report (with
   * the storm's values at the dry report's own time) or at the report that ends the storm (0), each with its own
   * device time; a dry report's level is thus known up to {@code N - 1} reports late.
   *
   * @param unit the unit of the condition's amounts, thresholds and levels
   * @param byReports windows count reports (true) or clock time (false)
   * @param reportIntervalMs the gauge's nominal report interval: reports per window with {@code count: reports},
   *     completeness of clock windows, the longest interval a report covers at a clock storm's start
   * @param stormEndsAfterReports a storm ends after this many dry reports in a row; 0 when not by reports
   * @param stormEndsAfterMs a storm ends after this long without rain; 0 when not by time
   * @param strict levels are reached strictly above their thresholds ({@link Condition#strict()})
   */
  record RainSeries(RainUnit unit, boolean byReports, long reportIntervalMs, int stormEndsAfterReports,
      long stormEndsAfterMs, boolean strict) implements Serializable {
    public RainSeries {
      Objects.requireNonNull(unit, "unit");
    }

    /** True when the condition tracks storms. */
    public boolean hasStorm() {
      return stormEndsAfterReports > 0 || stormEndsAfterMs > 0;
    }

    /** As written in the file, for {@code vigil rules diff} and fingerprints: e.g. {@code unit=in, storm=3 reports}. */
    @Override
    public String toString() {
      String storm = stormEndsAfterReports > 0 ? stormEndsAfterReports + " reports"
          : stormEndsAfterMs > 0 ? Duration.ofMillis(stormEndsAfterMs).toString() : "none";
      return "RainSeries[unit=" + unit.wireName() + ", count=" + (byReports ? "reports" : "clock")
          + ", reportInterval=" + Duration.ofMillis(reportIntervalMs) + ", storm=" + storm + ", strict=" + strict + "]";
    }

    /** Reports a window of this length holds with {@code count: reports}. */
    public int reportsIn(Duration window) {
      return (int) -Math.floorDiv(-window.toMillis(), reportIntervalMs);
    }
  }

  /**
   * {@code recent_antecedent}: cumulative recent-and-antecedent threshold (Chleborad et al. 2006; USGS Thresh): the
   * rain R of the {@code recent} window ending at the report against the rain A of the {@code antecedent} window just
   * before it (ending where the recent one starts), on the line {@code R = intercept + slope * A} (Seattle: P3 = 3.5 -
   * 0.67 P15, inches, 72 h and 360 h). The judged value is {@code R / (intercept + slope * A)}: levels are multiples
   * of the line (1 = on it). Where the line is at or below zero (A at least {@code -intercept / slope}) any recent
   * rain exceeds it: the judged value is then infinite with recent rain and 0 without.
   *
   * @param recent the recent window
   * @param antecedent the antecedent window
   * @param intercept R on the line at A = 0, in the series' unit
   * @param slope of the line, at most 0
   * @param series unit, window counting and comparison (no storm)
   */
  record RecentAntecedent(Duration recent, Duration antecedent, double intercept, double slope, RainSeries series)
      implements Condition {
    public RecentAntecedent {
      Objects.requireNonNull(recent, "recent");
      Objects.requireNonNull(antecedent, "antecedent");
      Objects.requireNonNull(series, "series");
    }

    @Override
    public boolean strict() {
      return series.strict();
    }

    @Override
    public String type() {
      return "recent_antecedent";
    }

    @Override
    public Direction direction() {
      return Direction.ABOVE;
    }
  }

  /**
   * {@code running_intensity}: mean rain intensity over the last {@code window} (the window's rain over its length
   * in hours), in the series' unit per hour; levels are intensities (USGS Thresh's running-average intensity, e.g.
   * 6 h at 0.12 in/h). With a storm, judged only inside one (0 outside), as Thresh counts it.
   *
   * @param window the averaging window
   * @param series unit, window counting, storm and comparison
   */
  record RunningIntensity(Duration window, RainSeries series) implements Condition {
    public RunningIntensity {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(series, "series");
    }

    @Override
    public boolean strict() {
      return series.strict();
    }

    @Override
    public String type() {
      return "running_intensity";
    }

    @Override
    public Direction direction() {
      return Direction.ABOVE;
    }
  }

  /**
   * {@code crowd}: a crowd figure ({@link CrowdMetrics}) of each zone, counting line or camera in scope, judged at
   * every analysed frame. Count-like figures are the median over {@code recent} (motion energy the mean), so one
   * frame's miscount neither opens nor clears an alert; rates are the change of the cumulative counts over
   * {@code window}, per minute, judged once the frames in the window span half of it; {@code minutes_to_capacity} is
   * {@code (capacity - people) / net inflow} (0 when full, infinite when not filling or without a capacity).
   *
   * @param recent the window of count-like figures
   * @param window the window of rates
   * @param direction above (default) or below ({@code minutes_to_capacity} is always below)
   */
  record Crowd(Duration recent, Duration window, Direction direction) implements Condition {
    public Crowd {
      Objects.requireNonNull(recent, "recent");
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(direction, "direction");
    }

    @Override
    public String type() {
      return "crowd";
    }

    @Override
    public boolean crowd() {
      return true;
    }
  }

  /**
   * {@code crowd_surge}, {@code crowd_dispersal} (per zone) and {@code crowd_motion} (per camera): the recent value
   * (median count over {@code recent}, or mean motion energy) against its rolling baseline (mean and population
   * standard deviation over the {@code baseline} before the recent window; judged once it holds {@code minSamples}
   * frames reaching back half of it). The judged value is the excess over the raise threshold, so levels are
   * multiples of it ({@code orange: {raise: 1, clear: 0.5}} raises at the threshold and clears at half of it):
   *
   * <ul>
   *   <li>surge: (recent - mean) / max(k × max(sd, sdFloor), minChange);
   *   <li>dispersal: (mean - recent) / max(k × max(sd, sdFloor), minChange, minFraction × mean), counted only while
   *       the camera's recent motion energy is at least {@code minEnergy} and {@code energyFactor} × its baseline
   *       (people running away, not drifting off), or while the alert is open;
   *   <li>motion: (recent - mean) / (k × max(sd, sdFloor)), counted only from {@code minEnergy} px/frame up, or while
   *       the alert is open.
   * </ul>
   *
   * @param kind surge, dispersal or motion
   * @param recent recent window
   * @param baseline baseline window
   * @param minSamples fewest baseline frames judged
   * @param k standard deviations
   * @param sdFloor smallest standard deviation used (persons, or px/frame for motion)
   * @param minChange smallest rise or drop, persons (surge, dispersal)
   * @param minFraction smallest drop as a fraction of the baseline mean (dispersal)
   * @param energyFactor motion energy against its baseline (dispersal)
   * @param minEnergy least motion energy, px/frame (dispersal, motion)
   */
  record CrowdAnomaly(String kind, Duration recent, Duration baseline, int minSamples, double k, double sdFloor,
      double minChange, double minFraction, double energyFactor, double minEnergy) implements Condition {
    public CrowdAnomaly {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(recent, "recent");
      Objects.requireNonNull(baseline, "baseline");
    }

    @Override
    public String type() {
      return "crowd_" + kind;
    }

    @Override
    public Direction direction() {
      return Direction.ABOVE;
    }

    @Override
    public boolean crowd() {
      return true;
    }
  }
}
