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
        Condition.ForecastWithin, Condition.NoData, Condition.Compound {

  /** The {@code type} as written in rule files. */
  String type();

  /** Which side of the levels is the hazard. */
  Direction direction();

  /** Type names, as written in files. */
  List<String> TYPES = List.of("threshold", "rate_of_change", "intensity_duration", "tangent_angle",
      "forecast_within", "deadman", "compound");

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
   * @param curve {@code caine1980}, {@code guzzetti2008} or {@code custom}
   * @param alpha mm/h at D = 1 h
   * @param beta the exponent, positive
   * @param minDurationH shortest event duration the curve holds for, hours
   * @param maxDurationH longest, hours
   */
  record IntensityDuration(String curve, double alpha, double beta, double minDurationH, double maxDurationH)
      implements Condition {
    /** Caine (1980): I = 14.82 D^-0.39, for 10 minutes to 10 days. */
    public static final IntensityDuration CAINE_1980 = new IntensityDuration("caine1980", 14.82, 0.39, 1.0 / 6, 240);

    /** Guzzetti et al. (2008), global: I = 2.20 D^-0.44, for 0.1 to 1000 hours. */
    public static final IntensityDuration GUZZETTI_2008 =
        new IntensityDuration("guzzetti2008", 2.20, 0.44, 0.1, 1000);

    public IntensityDuration {
      Objects.requireNonNull(curve, "curve");
    }

    /** The built-in curve of that name, or null. */
    public static IntensityDuration builtin(String name) {
      return switch (name) {
        case "caine1980" -> CAINE_1980;
        case "guzzetti2008" -> GUZZETTI_2008;
        default -> null;
      };
    }

    /** Threshold intensity at duration {@code d} hours, mm/h. */
    public double thresholdAt(double d) {
      return alpha * Math.pow(d, -beta);
    }

    @Override
    public String type() {
      return "intensity_duration";
    }

    @Override
    public Direction direction() {
      return Direction.ABOVE;
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
}
