package org.vigil.jobs.analytics.slope.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.vigil.core.Level;

/**
 * The tables of the forecast evaluation, from the results of one part of the grid: forecast error by noise class and
 * evaluation point, when each level was first reached, and false alarms during steady creep; and whether the targets
 * hold. Targets: |error| at most 10 % of the time left with noise up to 0.2 mm and 20 % with 0.5 mm, at every
 * evaluation point, for every forecast given; red on every series with at least 15 % of the acceleration left; no
 * level raised during steady creep.
 */
public final class ForecastReport {

  /** Largest |error| allowed, % of the time left, for noise classes up to 0.2 mm, and above. */
  public static final double TARGET_LOW_NOISE_PCT = 10;

  public static final double TARGET_HIGH_NOISE_PCT = 20;

  /** Least share of the acceleration phase left when red is first reached. */
  public static final double TARGET_RED_SHARE_LEFT = 0.15;

  private final List<SeriesRun.Result> failures;
  private final List<SeriesRun.Result> steady;

  public ForecastReport(List<SeriesRun.Result> failures, List<SeriesRun.Result> steady) {
    this.failures = failures;
    this.steady = steady;
  }

  /** The allowed |error| for a noise class, %. */
  public static double targetPct(double noiseClassMm) {
    return noiseClassMm <= 0.2 + 1e-9 ? TARGET_LOW_NOISE_PCT : TARGET_HIGH_NOISE_PCT;
  }

  /** Forecasts given whose |error| exceeds the target, as readable lines. */
  public List<String> forecastMisses() {
    List<String> out = new ArrayList<>();
    for (SeriesRun.Result r : failures) {
      for (int i = 0; i < SeriesRun.POINTS_DAYS.length; i++) {
        if (r.outcomes()[i] == SeriesRun.Outcome.GIVEN
            && Math.abs(r.errorsPct()[i]) > targetPct(r.series().noiseClassMm())) {
          out.add(String.format(Locale.ROOT, "%+7.1f %% at %4.2f d: %s", r.errorsPct()[i], SeriesRun.POINTS_DAYS[i],
              r.series().name()));
        }
      }
    }
    out.sort(Comparator.comparingDouble((String s) -> -Math.abs(Double.parseDouble(s.substring(0, 7).trim()))));
    return out;
  }

  /**
   * Series whose red came late (less than the target share of the acceleration left) or never, each with its
   * {@link DetectionLimit}: above it (detectable at the red deadline, a miss of the method) or below it (no method
   * could raise red in time without false levels in steady creep), and what the sensor said at the deadline. Misses
   * above the limit first.
   */
  public List<String> redMisses() {
    List<String> above = new ArrayList<>();
    List<String> below = new ArrayList<>();
    for (SeriesRun.Result r : failures) {
      double share = r.shareLeft(Level.RED);
      if (!(share >= TARGET_RED_SHARE_LEFT)) {
        double snr = DetectionLimit.snr(r.series());
        boolean detectable = snr >= DetectionLimit.Z;
        String line = String.format(Locale.ROOT, "red %s [%s the detection limit, SNR %.1f; at 15 %% left: %s]: %s",
            Double.isNaN(share) ? "never" : String.format(Locale.ROOT, "with %.1f %% left", 100 * share),
            detectable ? "ABOVE" : "below", snr,
            !r.deadlineAccelerating() ? "not accelerating"
                : Double.isNaN(r.deadlineLatestH()) ? "accelerating, no bound"
                : String.format(Locale.ROOT, "accelerating, failure by %.0f h", r.deadlineLatestH()),
            r.series().name());
        (detectable ? above : below).add(line);
      }
    }
    above.addAll(below);
    return above;
  }

  /** Red misses on series above the detection limit ({@link DetectionLimit}): the method's own misses. */
  public long redMissesAboveLimit() {
    return failures.stream().filter(r -> !(r.shareLeft(Level.RED) >= TARGET_RED_SHARE_LEFT)
        && DetectionLimit.detectable(r.series())).count();
  }

  /** Series above the detection limit. */
  public long detectableSeries() {
    return failures.stream().filter(r -> DetectionLimit.detectable(r.series())).count();
  }

  /** Series (steady ones and the creep before failures) with a level raised during steady creep. */
  public List<String> falseAlarms() {
    List<String> out = new ArrayList<>();
    for (List<SeriesRun.Result> list : List.of(steady, failures)) {
      for (SeriesRun.Result r : list) {
        if (r.raisedInCreep()) {
          Level top = Level.NONE;
          for (Level l : Level.ALERT_LEVELS) {
            if (r.firstReachedMs()[l.ordinal()] < r.onsetMs()) {
              top = l;
            }
          }
          out.add(top.wireName() + " in creep: " + r.series().name());
        }
      }
    }
    return out;
  }

  /** The whole report as text. */
  public String render(String title) {
    StringBuilder b = new StringBuilder();
    b.append("## ").append(title).append('\n').append('\n');
    b.append(String.format(Locale.ROOT, "%d failure series, %d steady-creep series%n%n", failures.size(),
        steady.size()));
    b.append("Forecast error at the last reading before each point, % of the time left (abs e: absolute;\n");
    b.append("poor fit: a fit judged poor, no time given; none: no fit, e.g. acceleration not yet significant)\n\n");
    b.append("| noise mm | days before | series | median e | median abs e | p90 abs e | max abs e | within target "
        + "| given | poor fit | none |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (double noise : ForecastGrid.NOISE_CLASSES_MM) {
      for (int i = 0; i < SeriesRun.POINTS_DAYS.length; i++) {
        List<Double> e = new ArrayList<>();
        int n = 0;
        int poor = 0;
        int none = 0;
        int within = 0;
        for (SeriesRun.Result r : failures) {
          if (r.series().noiseClassMm() != noise || r.outcomes()[i] == SeriesRun.Outcome.NOT_APPLICABLE) {
            continue;
          }
          n++;
          switch (r.outcomes()[i]) {
            case GIVEN -> {
              e.add(r.errorsPct()[i]);
              within += Math.abs(r.errorsPct()[i]) <= targetPct(noise) ? 1 : 0;
            }
            case POOR_FIT -> poor++;
            default -> none++;
          }
        }
        double[] abs = e.stream().mapToDouble(Math::abs).sorted().toArray();
        double[] signed = e.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        b.append(String.format(Locale.ROOT, "| %.2f | %.2f | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", noise,
            SeriesRun.POINTS_DAYS[i], n, pct(quantile(signed, 0.5)), pct(quantile(abs, 0.5)),
            pct(quantile(abs, 0.9)), pct(abs.length == 0 ? Double.NaN : abs[abs.length - 1]),
            share(within, e.size()), share(e.size(), n), share(poor, n), share(none, n)));
      }
    }
    b.append('\n');
    b.append("First time each level was reached, as share of the acceleration phase left (1 = at its onset;\n");
    b.append("min / median over the series that reached it)\n\n");
    b.append("| noise mm | series | yellow reached | yellow min / median | orange reached | orange min / median "
        + "| red reached | red min / median | red with >= 15 % left |\n");
    b.append("|---|---|---|---|---|---|---|---|---|\n");
    for (double noise : ForecastGrid.NOISE_CLASSES_MM) {
      List<SeriesRun.Result> rs = failures.stream().filter(r -> r.series().noiseClassMm() == noise).toList();
      b.append(String.format(Locale.ROOT, "| %.2f | %d", noise, rs.size()));
      for (Level l : new Level[] {Level.YELLOW, Level.ORANGE, Level.RED}) {
        double[] s = rs.stream().mapToDouble(r -> r.shareLeft(l)).filter(x -> !Double.isNaN(x)).sorted().toArray();
        b.append(String.format(Locale.ROOT, " | %s | %s / %s", share(s.length, rs.size()),
            s.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", s[0]),
            s.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", quantile(s, 0.5))));
      }
      long early = rs.stream().filter(r -> r.shareLeft(Level.RED) >= TARGET_RED_SHARE_LEFT).count();
      b.append(String.format(Locale.ROOT, " | %s |%n", share((int) early, rs.size())));
    }
    b.append('\n');
    b.append("Red with >= 15 % of the acceleration left, and forecasts given at 0.25 d, by acceleration length and "
        + "alpha (all noise classes)\n\n| acceleration d | alpha 1.7 | 1.8 | 1.9 | 2.0 | 2.1 | 2.2 | given at 0.25 d |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    for (double l : ForecastGrid.ACCELERATION_DAYS) {
      b.append(String.format(Locale.ROOT, "| %.0f", l));
      for (double a : ForecastGrid.ALPHAS) {
        List<SeriesRun.Result> rs = failures.stream().filter(r -> r.series().law().accelerationDays() == l
            && Math.abs(r.series().law().alpha() - a) < 1e-9).toList();
        long ok = rs.stream().filter(r -> r.shareLeft(Level.RED) >= TARGET_RED_SHARE_LEFT).count();
        b.append(" | ").append(share((int) ok, rs.size()));
      }
      int last = SeriesRun.POINTS_DAYS.length - 1;
      List<SeriesRun.Result> rs = failures.stream().filter(r -> r.series().law().accelerationDays() == l).toList();
      long given = rs.stream().filter(r -> r.outcomes()[last] == SeriesRun.Outcome.GIVEN).count();
      b.append(" | ").append(share((int) given, rs.size())).append(" |\n");
    }
    b.append('\n');
    long steadyRaised = steady.stream().filter(SeriesRun.Result::raisedInCreep).count();
    long creepRaised = failures.stream().filter(SeriesRun.Result::raisedInCreep).count();
    double sensorDays = steady.stream().mapToDouble(r -> ForecastGrid.STEADY_DAYS).sum();
    b.append(String.format(Locale.ROOT, "Steady creep: %d of %d sensors (%.0f sensor-days, noise 0.05-0.5 mm) raised "
        + "a level; %d of %d failure series raised one before their acceleration began.%n%n", steadyRaised,
        steady.size(), sensorDays, creepRaised, failures.size()));
    b.append(cpuLine()).append('\n');
    List<String> misses = forecastMisses();
    List<String> red = redMisses();
    List<String> alarms = falseAlarms();
    b.append(String.format(Locale.ROOT, "Targets: forecasts outside the target %d; red late or never %d (%d above "
        + "the detection limit, %d below; %d of %d series above it, SNR >= %.1f at 15 %% left); false alarms %d%n",
        misses.size(), red.size(), redMissesAboveLimit(), red.size() - redMissesAboveLimit(), detectableSeries(),
        failures.size(), DetectionLimit.Z, alarms.size()));
    appendSome(b, "forecasts outside the target (worst first)", misses);
    appendAll(b, "red late or never (above the detection limit first)", red);
    appendSome(b, "levels raised in steady creep", alarms);
    return b.toString();
  }

  /**
   * The slope analytics' CPU time per reading (thread CPU time of {@code SlopeSensor.add} and {@code snapshot}),
   * mean by phase over every series of the part, and the costliest single reading.
   */
  String cpuLine() {
    long[] ns = new long[3];
    long[] n = new long[3];
    long max = 0;
    for (List<SeriesRun.Result> list : List.of(steady, failures)) {
      for (SeriesRun.Result r : list) {
        for (int k = 0; k < 3; k++) {
          ns[k] += r.slopeCpuNs()[k];
          n[k] += r.slopeReadings()[k];
        }
        max = Math.max(max, r.slopeMaxNs());
      }
    }
    return String.format(Locale.ROOT, "Slope analytics CPU per reading (thread CPU time, mean): steady creep %.1f us "
        + "(%d readings), acceleration %.1f us (%d), last %d h before failure %.1f us (%d); costliest reading %.1f ms%n",
        ns[0] / 1e3 / Math.max(1, n[0]), n[0], ns[1] / 1e3 / Math.max(1, n[1]), n[1], SeriesRun.NEAR_FAILURE_HOURS,
        ns[2] / 1e3 / Math.max(1, n[2]), n[2], max / 1e6);
  }

  private static void appendSome(StringBuilder b, String what, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    b.append('\n').append(what).append(lines.size() > 25 ? " (first 25 of " + lines.size() + ")" : "").append(":\n");
    lines.stream().limit(25).forEach(l -> b.append("  ").append(l).append('\n'));
  }

  private static void appendAll(StringBuilder b, String what, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    b.append('\n').append(what).append(":\n");
    lines.forEach(l -> b.append("  ").append(l).append('\n'));
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f %%", v).replace("+-", "-");
  }

  private static String share(int k, int n) {
    return n == 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100.0 * k / n);
  }

  static double[] sorted(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }
}
