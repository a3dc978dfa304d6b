package org.vigil.alerts.crowd;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.alerts.rule.LevelBand;
import org.vigil.alerts.rule.LevelThresholds;
import org.vigil.alerts.rule.OpenAlert;
import org.vigil.alerts.rule.ThresholdRule;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * The crowd-safety rules over one camera's analysed frames. Per zone ({@code site/camera/cameraId/zoneId}):
 *
 * <ul>
 *   <li>{@value #CAPACITY}: the recent count against the zone's capacity: yellow from {@code capacityYellowFraction}
 *       of it, orange when over it (count &gt; capacity), red from {@code capacityRedFraction}; each level clears
 *       {@code max(1, 5% of capacity)} persons below where it was raised;
 *   <li>{@value #DENSITY}: recent count / area against the density levels (default Fruin E yellow, F orange,
 *       4/m² red);
 *   <li>{@value #SURGE}: recent count above the rolling baseline mean by
 *       {@code max(surgeK × max(sd, countSdFloor), surgeMinRise)};
 *   <li>{@value #DISPERSAL}: recent count below the baseline mean by
 *       {@code max(dispersalK × max(sd, countSdFloor), dispersalMinDrop, dispersalMinFraction × mean)} while the
 *       camera's motion energy is high (at least {@code dispersalEnergyFactor} × its baseline mean and
 *       {@code motionMinEnergy}); once open it stays open until the drop falls below the clear threshold;
 * </ul>
 *
 * and per camera ({@code site/camera/cameraId}) {@value #MOTION}: recent motion energy above its baseline mean by
 * {@code motionK × max(sd, energySdFloor)} and at least {@code motionMinEnergy}.
 *
 * <p>"Recent" is the median (count) or mean (motion energy) over the last {@code recentWindowMs}; the baseline is the
 * mean and population standard deviation over the {@code baselineWindowMs} before it. Anomalies clear when their
 * excess falls below {@code clearFactor} × the raise threshold. Level changes go through {@link ThresholdRule}, so
 * there is one open alert per rule and subject, and alert ids are deterministic; each event's message carries the
 * numbers that explain it. Frames not newer than the newest seen are ignored. Not thread-safe; the state is the
 * caller's.
 */
public final class CrowdRules implements Serializable {

  public static final String CAPACITY = "crowd-capacity";
  public static final String DENSITY = "crowd-density";
  public static final String SURGE = "crowd-surge";
  public static final String DISPERSAL = "crowd-dispersal";
  public static final String MOTION = "crowd-motion";

  private static final String ENERGY_SERIES = "energy";

  private final CrowdRuleOptions o;

  public CrowdRules(CrowdRuleOptions options) {
    List<String> problems = options.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid crowd rule options: " + String.join("; ", problems));
    }
    this.o = options;
  }

  public CrowdRuleOptions options() {
    return o;
  }

  /** Judges one analysed frame; returns the alert transitions it causes, possibly none. */
  public List<AlertEvent> evaluate(CrowdState state, CrowdSnapshot s) {
    long t = s.timestampMs();
    long keep = o.recentWindowMs() + o.baselineWindowMs();
    Samples energy = state.series(ENERGY_SERIES);
    if (t <= energy.newestTs()) {
      return List.of();
    }
    energy = energy.append(t, s.motionEnergy(), keep);
    state.setSeries(ENERGY_SERIES, energy);
    Window e = window(energy, t, false);
    boolean energyHigh = e.recent >= o.motionMinEnergy()
        && (!e.hasBaseline() || e.recent >= o.dispersalEnergyFactor() * e.mean);

    List<AlertEvent> out = new ArrayList<>();
    for (ZoneObservation z : s.zones()) {
      String subject = s.zoneSubject(z.zoneId());
      Samples people = state.series("people|" + z.zoneId()).append(t, z.people(), keep);
      state.setSeries("people|" + z.zoneId(), people);
      Window c = window(people, t, true);
      String zone = "zone " + z.zoneId() + " of " + s.cameraSubject();

      if (z.capacity() > 0) {
        Map<String, Double> d = details("people", c.recent, "capacity", z.capacity());
        String why = String.format(Locale.ROOT, "%s persons in %s (median of the last %s), capacity %d (%.0f%%)",
            fmt(c.recent), zone, secs(o.recentWindowMs()), z.capacity(), 100 * c.recent / z.capacity());
        judge(state, s, CAPACITY, subject, capacityLevels(z.capacity()), c.recent, why, d, out);
      }

      double density = c.recent / z.areaM2();
      String why = String.format(Locale.ROOT,
          "Density %.2f persons/m² in %s: %s persons on %s m² (median of the last %s), level of service %s",
          density, zone, fmt(c.recent), fmt(z.areaM2()), secs(o.recentWindowMs()), levelOfService(density));
      judge(state, s, DENSITY, subject, o.densityLevels(), density, why,
          details("people", c.recent, "area_m2", z.areaM2()), out);

      if (!c.hasBaseline()) {
        continue;
      }
      double spread = Math.max(c.sd, o.countSdFloor());
      Map<String, Double> d = details("people", c.recent, "baseline_mean", c.mean, "baseline_sd", c.sd);
      double rise = c.recent - c.mean;
      double surgeAt = Math.max(o.surgeK() * spread, o.surgeMinRise());
      judge(state, s, SURGE, subject, anomaly(o.surgeLevel(), surgeAt), rise,
          String.format(Locale.ROOT, "Surge in %s: %s persons now against %s ± %s over the %s before, a rise of %s "
              + "(raises at %s = max(%s × max(sd, %s), %s))", zone, fmt(c.recent), fmt(c.mean), fmt(c.sd),
              secs(o.baselineWindowMs()), fmt(rise), fmt(surgeAt), fmt(o.surgeK()), fmt(o.countSdFloor()),
              fmt(o.surgeMinRise())), d, out);

      double drop = c.mean - c.recent;
      double dropAt = Math.max(Math.max(o.dispersalK() * spread, o.dispersalMinDrop()),
          o.dispersalMinFraction() * c.mean);
      boolean open = state.open(key(DISPERSAL, subject)) != null;
      Map<String, Double> dd = new LinkedHashMap<>(d);
      dd.put("motion_energy", e.recent);
      if (e.hasBaseline()) {
        dd.put("baseline_motion_energy", e.mean);
      }
      judge(state, s, DISPERSAL, subject, anomaly(o.dispersalLevel(), dropAt), open || energyHigh ? drop : 0,
          String.format(Locale.ROOT, "Sudden dispersal in %s: %s persons now against %s ± %s over the %s before, a "
              + "drop of %s (raises at %s) with motion energy %s px/frame (baseline %s, high from %s)", zone,
              fmt(c.recent), fmt(c.mean), fmt(c.sd), secs(o.baselineWindowMs()), fmt(drop), fmt(dropAt),
              fmt(e.recent), e.hasBaseline() ? fmt(e.mean) : "none yet", fmt(energyHighFrom(e))), dd, out);
    }

    if (e.hasBaseline()) {
      String subject = s.cameraSubject();
      double excess = e.recent - e.mean;
      double at = o.motionK() * Math.max(e.sd, o.energySdFloor());
      boolean open = state.open(key(MOTION, subject)) != null;
      double value = open || e.recent >= o.motionMinEnergy() ? excess : 0;
      judge(state, s, MOTION, subject, anomaly(o.motionLevel(), at), value,
          String.format(Locale.ROOT, "Abnormal motion at %s: motion energy %s px/frame (mean of the last %s) against "
              + "%s ± %s over the %s before, %s above (raises at %s = %s × max(sd, %s), with at least %s px/frame)",
              subject, fmt(e.recent), secs(o.recentWindowMs()), fmt(e.mean), fmt(e.sd), secs(o.baselineWindowMs()),
              fmt(excess), fmt(at), fmt(o.motionK()), fmt(o.energySdFloor()), fmt(o.motionMinEnergy())),
          details("motion_energy", e.recent, "baseline_mean", e.mean, "baseline_sd", e.sd), out);
    }
    return out;
  }

  /** The capacity levels of a zone: yellow from a fraction of it, orange above it, red from the red fraction. */
  LevelThresholds capacityLevels(int capacity) {
    double h = Math.max(1, Math.ceil(0.05 * capacity));
    double orange = capacity + 1;
    double yellow = Math.ceil(capacity * o.capacityYellowFraction());
    double red = Math.max(orange + 1, Math.ceil(capacity * o.capacityRedFraction()));
    List<LevelBand> bands = new ArrayList<>();
    if (yellow < orange && yellow - h >= 0) {
      bands.add(new LevelBand(Level.YELLOW, yellow, yellow - h));
    }
    bands.add(new LevelBand(Level.ORANGE, orange, orange - h));
    bands.add(new LevelBand(Level.RED, red, red - h));
    return new LevelThresholds(bands);
  }

  private double energyHighFrom(Window e) {
    return e.hasBaseline() ? Math.max(o.motionMinEnergy(), o.dispersalEnergyFactor() * e.mean) : o.motionMinEnergy();
  }

  private LevelThresholds anomaly(Level level, double raiseAt) {
    return new LevelThresholds(List.of(new LevelBand(level, raiseAt, o.clearFactor() * raiseAt)));
  }

  private void judge(CrowdState state, CrowdSnapshot s, String rule, String subject, LevelThresholds levels,
      double value, String why, Map<String, Double> details, List<AlertEvent> out) {
    String key = key(rule, subject);
    OpenAlert before = state.open(key);
    ThresholdRule.Outcome r =
        new ThresholdRule(rule, rule, rule, "", levels).evaluate(before, s.site(), subject, value, s.timestampMs());
    if (r.event() == null) {
      return;
    }
    state.setOpen(key, r.state());
    AlertEvent e = r.event();
    out.add(CrowdAlerts.withMessage(e, why + "; " + transition(e), details));
  }

  private static String transition(AlertEvent e) {
    String t = fmt(e.threshold());
    switch (e.state()) {
      case OPENED:
        return "opened at " + e.level().wireName() + " (raised at " + t + ")";
      case ESCALATED:
        return "escalated " + e.previousLevel().wireName() + " -> " + e.level().wireName() + " (raised at " + t + ")";
      case DE_ESCALATED:
        return "de-escalated " + e.previousLevel().wireName() + " -> " + e.level().wireName() + " (below " + t + ")";
      default:
        return "resolved (below " + t + ")";
    }
  }

  static String key(String rule, String subject) {
    return rule + "|" + subject;
  }

  /** Fruin's walkway level of service of a density (same bands as {@code org.vigil.vision.LevelOfService}). */
  public static String levelOfService(double personsPerM2) {
    double[] max = {0.31, 0.43, 0.72, 1.08, 2.17};
    for (int i = 0; i < max.length; i++) {
      if (personsPerM2 <= max[i]) {
        return String.valueOf((char) ('A' + i));
      }
    }
    return "F";
  }

  private Window window(Samples series, long t, boolean median) {
    double[] recent = series.window(t - o.recentWindowMs(), t);
    long baseEnd = t - o.recentWindowMs();
    long baseStart = baseEnd - o.baselineWindowMs();
    double[] base = series.window(baseStart, baseEnd);
    long oldest = series.oldestIn(baseStart, baseEnd);
    boolean enough = base.length >= o.minBaselineSamples() && oldest >= 0
        && oldest <= baseEnd - o.baselineWindowMs() / 2;
    return new Window(median ? Samples.median(recent) : Samples.mean(recent),
        enough ? Samples.mean(base) : Double.NaN, enough ? Samples.sd(base) : Double.NaN);
  }

  private record Window(double recent, double mean, double sd) {
    boolean hasBaseline() {
      return !Double.isNaN(mean);
    }
  }

  private static Map<String, Double> details(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
    }
    return m;
  }

  private static String secs(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + " s" : fmt(ms / 1000.0) + " s";
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.2f" : "%.1f", v);
  }
}
