package org.vigil.alerts.crowd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.alerts.rules.Condition;
import org.vigil.alerts.rules.CrowdMetrics;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.ModeProfiles;
import org.vigil.alerts.rules.RuleEngine;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleState;
import org.vigil.core.AlertEvent;

/**
 * The crowd rules of a ruleset ({@link RuleDef#crowd()}) over one camera's analysed frames. This class reads the
 * frames' windows into one judged value per rule and subject; the levels, hysteresis, pending and keep-firing, alert
 * ids and events are the ruleset's one {@link RuleEngine}, exactly as for sensor rules ({@link RuleEngine#onValue}).
 *
 * <p>Each frame is appended to the camera's series (count, cumulative entries and exits and dwell per zone,
 * cumulative crossings per line, motion energy), kept for the longest window any crowd rule of the set needs (at
 * least {@link #MIN_KEEP_MS}, so a rule published later has history to judge). Then each rule judges each zone, line
 * or camera in its scope (subjects {@code site/camera/cameraId/zoneId}, {@code site/camera/cameraId/line/lineId},
 * {@code site/camera/cameraId}); what fell due before the frame (pending, keep-firing) is made first. How each figure
 * is read is {@link Condition.Crowd}'s and {@link Condition.CrowdAnomaly}'s documentation. Frames not newer than the
 * newest seen are ignored. Not thread-safe; the state is the caller's.
 */
public final class CrowdRules {

  /** Shortest time the series are kept, ms: the default rules' 5 s recent window plus 60 s baseline. */
  public static final long MIN_KEEP_MS = 65_000;

  private static final String ENERGY = "energy";
  private static final int MAX_STEPS = 10_000;

  private final List<RuleEngine> engines = new ArrayList<>();
  private final long keepMs;

  /** The crowd rules of {@code rules} (the others are left to the sensor rule operators). */
  public CrowdRules(RuleSet rules) {
    this(rules, Mode.DAILY, List.of());
  }

  /**
   * The crowd rules of {@code rules} as judged in a command mode at a site with these tags ({@link
   * ModeProfiles#ruleFor}): a rule the mode gives other levels judges with them and keeps its state across switches.
   */
  public CrowdRules(RuleSet rules, Mode mode, Collection<String> siteTags) {
    long keep = MIN_KEEP_MS;
    for (RuleDef r : rules.rules()) {
      if (!r.crowd()) {
        continue;
      }
      RuleDef inMode = rules.modes().ruleFor(r, mode, siteTags);
      engines.add(inMode == r ? new RuleEngine(r) : RuleEngine.forMode(r, inMode));
      if (r.condition() instanceof Condition.Crowd c) {
        keep = Math.max(keep, Math.max(c.recent().toMillis(), c.window().toMillis()));
      } else if (r.condition() instanceof Condition.CrowdAnomaly a) {
        keep = Math.max(keep, a.recent().toMillis() + a.baseline().toMillis());
      }
    }
    this.keepMs = keep;
  }

  /** The crowd rules judged, in the ruleset's order. */
  public List<RuleDef> rules() {
    return engines.stream().map(RuleEngine::rule).toList();
  }

  /** Judges one analysed frame; returns the alert transitions it causes, possibly none, in order. */
  public List<AlertEvent> evaluate(CrowdState state, CrowdSnapshot s) {
    long t = s.timestampMs();
    Samples energy = state.series(ENERGY);
    if (t <= energy.newestTs()) {
      return List.of();
    }
    state.setSeries(ENERGY, energy.append(t, s.motionEnergy(), keepMs));
    for (ZoneObservation z : s.zones()) {
      append(state, "people|" + z.zoneId(), t, z.people());
      append(state, "entries|" + z.zoneId(), t, z.entries());
      append(state, "exits|" + z.zoneId(), t, z.exits());
      append(state, "maxdwell|" + z.zoneId(), t, z.maxDwellS());
      append(state, "meandwell|" + z.zoneId(), t, z.meanDwellS());
    }
    for (LineObservation l : s.lines()) {
      append(state, "in|" + l.lineId(), t, l.in());
      append(state, "out|" + l.lineId(), t, l.out());
    }
    List<AlertEvent> out = new ArrayList<>();
    for (RuleEngine engine : engines) {
      RuleDef rule = engine.rule();
      CrowdMetrics.Info info = CrowdMetrics.info(rule.metric());
      switch (info.target()) {
        case ZONE -> {
          for (ZoneObservation z : s.zones()) {
            if (rule.scope().matchesCamera(s.site(), s.cameraId(), z.zoneId(), null)) {
              judge(engine, state, s, s.zoneSubject(z.zoneId()), zone(rule, state, s, z), out);
            }
          }
        }
        case LINE -> {
          for (LineObservation l : s.lines()) {
            if (rule.scope().matchesCamera(s.site(), s.cameraId(), null, l.lineId())) {
              judge(engine, state, s, s.lineSubject(l.lineId()), line(rule, state, s, l), out);
            }
          }
        }
        default -> {
          if (rule.scope().matchesCamera(s.site(), s.cameraId(), null, null)) {
            judge(engine, state, s, s.cameraSubject(), camera(rule, state, s), out);
          }
        }
      }
    }
    return out;
  }

  private void append(CrowdState state, String key, long t, double v) {
    state.setSeries(key, state.series(key).append(t, v, keepMs));
  }

  /** A judged value with the sentence and numbers that explain it. */
  record Judged(double value, String why, Map<String, Double> details) {}

  private void judge(RuleEngine engine, CrowdState state, CrowdSnapshot s, String subject, Judged j,
      List<AlertEvent> out) {
    String key = engine.rule().id() + "|" + subject;
    RuleState rs = state.rule(key);
    if (rs == null) {
      rs = engine.newState(s.site(), subject);
    }
    long previous = Long.MIN_VALUE;
    for (int step = 0; step < MAX_STEPS; step++) { // pending and keep-firing that fell due before this frame
      long n = engine.nextTimeMs(rs);
      if (n >= s.timestampMs() || n <= previous) {
        break;
      }
      out.addAll(engine.onTime(rs, n));
      previous = n;
    }
    out.addAll(engine.onValue(rs, s.timestampMs(), j.value(), j.details(), j.why()));
    state.setRule(key, rs);
  }

  private Judged zone(RuleDef rule, CrowdState state, CrowdSnapshot s, ZoneObservation z) {
    String zone = "zone " + z.zoneId() + " of " + s.cameraSubject();
    long t = s.timestampMs();
    Samples people = state.series("people|" + z.zoneId());
    if (rule.condition() instanceof Condition.CrowdAnomaly a) {
      return a.kind().equals("surge") ? surge(a, people, t, zone) : dispersal(a, state, people, t, zone,
          s.zoneSubject(z.zoneId()), rule);
    }
    Condition.Crowd c = (Condition.Crowd) rule.condition();
    long recentMs = c.recent().toMillis();
    String recent = "median of the last " + secs(recentMs);
    double n = Samples.median(people.window(t - recentMs, t));
    double density = n / z.areaM2();
    Map<String, Double> d = details("people", n, "area_m2", z.areaM2());
    if (z.capacity() > 0) {
      d.put("capacity", (double) z.capacity());
    }
    String metric = rule.metric();
    switch (metric) {
      case CrowdMetrics.PEOPLE:
        return new Judged(n, String.format(Locale.ROOT, "%s persons in %s (%s)", fmt(n), zone, recent), d);
      case CrowdMetrics.DENSITY:
      case CrowdMetrics.LEVEL_OF_SERVICE: {
        d.put("density_per_m2", density);
        int los = CrowdMetrics.levelOfService(density);
        String why = String.format(Locale.ROOT, "Density %.2f persons/m² in %s: %s persons on %s m² (%s), level of "
            + "service %s", density, zone, fmt(n), fmt(z.areaM2()), recent, CrowdMetrics.levelOfServiceLetter(los));
        return new Judged(metric.equals(CrowdMetrics.DENSITY) ? density : Double.isNaN(density) ? Double.NaN : los,
            why, d);
      }
      case CrowdMetrics.CAPACITY_SHARE: {
        if (z.capacity() <= 0) {
          return new Judged(Double.NaN, null, d);
        }
        double share = n / z.capacity();
        return new Judged(share, String.format(Locale.ROOT, "%s persons in %s (%s), capacity %d (%.0f%%)", fmt(n),
            zone, recent, z.capacity(), 100 * share), d);
      }
      case CrowdMetrics.MAX_DWELL:
      case CrowdMetrics.MEAN_DWELL: {
        boolean max = metric.equals(CrowdMetrics.MAX_DWELL);
        double dwell = Samples.median(state.series((max ? "maxdwell|" : "meandwell|") + z.zoneId())
            .window(t - recentMs, t));
        d.put(metric, dwell);
        return new Judged(dwell, String.format(Locale.ROOT, max ? "Someone has been in %s for %s s (%s)"
            : "The persons in %s have been in it for %s s on average (%s)", zone, fmt(dwell), recent), d);
      }
      default:
        break;
    }
    long windowMs = c.window().toMillis();
    double entries = rate(state.series("entries|" + z.zoneId()), t, windowMs);
    double exits = rate(state.series("exits|" + z.zoneId()), t, windowMs);
    double net = entries - exits;
    put(d, "entries_per_min", entries);
    put(d, "exits_per_min", exits);
    put(d, "net_inflow_per_min", net);
    String over = "over the last " + secs(windowMs);
    switch (metric) {
      case CrowdMetrics.ENTRIES:
        return new Judged(entries, String.format(Locale.ROOT, "%s entries/min into %s (%s)", fmt(entries), zone,
            over), d);
      case CrowdMetrics.EXITS:
        return new Judged(exits, String.format(Locale.ROOT, "%s exits/min from %s (%s)", fmt(exits), zone, over), d);
      case CrowdMetrics.NET_INFLOW:
        return new Judged(net, String.format(Locale.ROOT, "Net inflow of %s persons/min into %s: %s entries and %s "
            + "exits per minute %s", fmt(net), zone, fmt(entries), fmt(exits), over), d);
      default: { // minutes to capacity
        double minutes = minutesToCapacity(z.capacity(), n, net);
        put(d, "minutes_to_capacity", minutes);
        String why = z.capacity() <= 0 ? null : n >= z.capacity()
            ? String.format(Locale.ROOT, "%s is full: %s persons (%s), capacity %d", capitalised(zone), fmt(n),
                recent, z.capacity())
            : String.format(Locale.ROOT, "%s full in %s min at the current net inflow: %s persons (%s) of a "
                + "capacity of %d, net inflow %s persons/min %s", capitalised(zone), fmt(minutes), fmt(n), recent,
                z.capacity(), fmt(net), over);
        return new Judged(minutes, why, d);
      }
    }
  }

  /**
   * Minutes until a zone holding {@code people} of {@code capacity} is full at {@code netPerMin}: {@code (capacity -
   * people) / net} while filling, 0 when full, infinite when not filling or without a capacity; NaN when the net
   * inflow is not known yet.
   */
  public static double minutesToCapacity(int capacity, double people, double netPerMin) {
    if (capacity <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (people >= capacity) {
      return 0;
    }
    if (Double.isNaN(netPerMin) || Double.isNaN(people)) {
      return Double.NaN;
    }
    return netPerMin > 0 ? (capacity - people) / netPerMin : Double.POSITIVE_INFINITY;
  }

  private Judged line(RuleDef rule, CrowdState state, CrowdSnapshot s, LineObservation l) {
    Condition.Crowd c = (Condition.Crowd) rule.condition();
    long windowMs = c.window().toMillis();
    long t = s.timestampMs();
    double in = rate(state.series("in|" + l.lineId()), t, windowMs);
    double outs = rate(state.series("out|" + l.lineId()), t, windowMs);
    Map<String, Double> d = new LinkedHashMap<>();
    put(d, "line_in_per_min", in);
    put(d, "line_out_per_min", outs);
    boolean inwards = rule.metric().equals(CrowdMetrics.LINE_IN);
    double v = inwards ? in : outs;
    return new Judged(v, String.format(Locale.ROOT, "%s crossings/min %s over counting line %s of %s (over the last "
        + "%s)", fmt(v), inwards ? "inwards" : "outwards", l.lineId(), s.cameraSubject(), secs(windowMs)), d);
  }

  private Judged camera(RuleDef rule, CrowdState state, CrowdSnapshot s) {
    long t = s.timestampMs();
    Samples energy = state.series(ENERGY);
    if (rule.condition() instanceof Condition.CrowdAnomaly a) {
      Window e = window(energy, t, a, false);
      if (!e.hasBaseline()) {
        return new Judged(Double.NaN, null, Map.of());
      }
      double excess = e.recent - e.mean;
      double at = a.k() * Math.max(e.sd, a.sdFloor());
      RuleState rs = state.rule(rule.id() + "|" + s.cameraSubject());
      boolean open = rs != null && rs.isOpen();
      double value = open || e.recent >= a.minEnergy() ? excess / at : 0;
      return new Judged(value, String.format(Locale.ROOT, "Abnormal motion at %s: motion energy %s px/frame (mean "
              + "of the last %s) against %s ± %s over the %s before, %s above (threshold %s = %s × max(sd, %s), with "
              + "at least %s px/frame)", s.cameraSubject(), fmt(e.recent), secs(a.recent().toMillis()), fmt(e.mean),
          fmt(e.sd), secs(a.baseline().toMillis()), fmt(excess), fmt(at), fmt(a.k()), fmt(a.sdFloor()),
          fmt(a.minEnergy())), details("motion_energy", e.recent, "baseline_mean", e.mean, "baseline_sd", e.sd));
    }
    Condition.Crowd c = (Condition.Crowd) rule.condition();
    double v = Samples.mean(energy.window(t - c.recent().toMillis(), t));
    return new Judged(v, String.format(Locale.ROOT, "Motion energy %s px/frame at %s (mean of the last %s)", fmt(v),
        s.cameraSubject(), secs(c.recent().toMillis())), details("motion_energy", v));
  }

  private Judged surge(Condition.CrowdAnomaly a, Samples people, long t, String zone) {
    Window c = window(people, t, a, true);
    if (!c.hasBaseline()) {
      return new Judged(Double.NaN, null, Map.of());
    }
    double spread = Math.max(c.sd, a.sdFloor());
    double rise = c.recent - c.mean;
    double at = Math.max(a.k() * spread, a.minChange());
    return new Judged(rise / at, String.format(Locale.ROOT, "Surge in %s: %s persons now against %s ± %s over the %s "
            + "before, a rise of %s (threshold %s = max(%s × max(sd, %s), %s))", zone, fmt(c.recent), fmt(c.mean),
        fmt(c.sd), secs(a.baseline().toMillis()), fmt(rise), fmt(at), fmt(a.k()), fmt(a.sdFloor()),
        fmt(a.minChange())), details("people", c.recent, "baseline_mean", c.mean, "baseline_sd", c.sd));
  }

  private Judged dispersal(Condition.CrowdAnomaly a, CrowdState state, Samples people, long t, String zone,
      String subject, RuleDef rule) {
    Window c = window(people, t, a, true);
    if (!c.hasBaseline()) {
      return new Judged(Double.NaN, null, Map.of());
    }
    Window e = window(state.series(ENERGY), t, a, false);
    boolean energyHigh = e.recent >= a.minEnergy() && (!e.hasBaseline() || e.recent >= a.energyFactor() * e.mean);
    double highFrom = e.hasBaseline() ? Math.max(a.minEnergy(), a.energyFactor() * e.mean) : a.minEnergy();
    double spread = Math.max(c.sd, a.sdFloor());
    double drop = c.mean - c.recent;
    double at = Math.max(Math.max(a.k() * spread, a.minChange()), a.minFraction() * c.mean);
    RuleState rs = state.rule(rule.id() + "|" + subject);
    boolean open = rs != null && rs.isOpen();
    Map<String, Double> d = details("people", c.recent, "baseline_mean", c.mean, "baseline_sd", c.sd,
        "motion_energy", e.recent);
    if (e.hasBaseline()) {
      d.put("baseline_motion_energy", e.mean);
    }
    return new Judged(open || energyHigh ? drop / at : 0, String.format(Locale.ROOT, "Sudden dispersal in %s: %s "
            + "persons now against %s ± %s over the %s before, a drop of %s (threshold %s) with motion energy %s "
            + "px/frame (baseline %s, high from %s)", zone, fmt(c.recent), fmt(c.mean), fmt(c.sd),
        secs(a.baseline().toMillis()), fmt(drop), fmt(at), fmt(e.recent), e.hasBaseline() ? fmt(e.mean)
            : "none yet", fmt(highFrom)), d);
  }

  /**
   * The change per minute of a cumulative count over {@code (t - window, t]}: from the oldest frame in the window
   * (or the newest restart of the count, when it fell) to the newest; NaN until those frames span half the window.
   */
  static double rate(Samples cumulative, long t, long windowMs) {
    long[] ts = cumulative.ts();
    double[] v = cumulative.values();
    int last = ts.length - 1;
    if (last < 0 || ts[last] != t) {
      return Double.NaN;
    }
    int first = last;
    while (first > 0 && ts[first - 1] > t - windowMs && v[first - 1] <= v[first]) {
      first--;
    }
    long span = t - ts[first];
    if (span <= 0 || span * 2 < windowMs) {
      return Double.NaN;
    }
    return (v[last] - v[first]) / (span / 60_000.0);
  }

  private Window window(Samples series, long t, Condition.CrowdAnomaly a, boolean median) {
    long recentMs = a.recent().toMillis();
    long baselineMs = a.baseline().toMillis();
    double[] recent = series.window(t - recentMs, t);
    long baseEnd = t - recentMs;
    long baseStart = baseEnd - baselineMs;
    double[] base = series.window(baseStart, baseEnd);
    long oldest = series.oldestIn(baseStart, baseEnd);
    boolean enough = base.length >= a.minSamples() && oldest >= 0 && oldest <= baseEnd - baselineMs / 2;
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
      put(m, (String) kv[i], ((Number) kv[i + 1]).doubleValue());
    }
    return m;
  }

  private static void put(Map<String, Double> m, String k, double v) {
    if (Double.isFinite(v)) {
      m.put(k, v);
    }
  }

  /** Fruin's walkway level of service letter of a density (same bands as {@code org.vigil.vision.LevelOfService}). */
  public static String levelOfService(double personsPerM2) {
    return CrowdMetrics.levelOfServiceLetter(CrowdMetrics.levelOfService(personsPerM2));
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
