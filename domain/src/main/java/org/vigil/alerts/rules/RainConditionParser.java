package org.vigil.alerts.rules;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the rain conditions {@code recent_antecedent} and {@code running_intensity}, and the storm options of
 * {@code intensity_duration} ({@link Condition.RainSeries}): {@code unit} (mm or in, required), {@code count} (clock
 * or reports), {@code reportInterval}, {@code storm: {endsAfter: 3h | 3 reports}} and {@code strict}.
 */
final class RainConditionParser {

  /** The keys of {@link Condition.RainSeries}, as written in a condition. */
  static final List<String> SERIES_FIELDS = List.of("unit", "count", "reportInterval", "storm", "strict");

  private static final Pattern REPORTS = Pattern.compile("(\\d+)\\s+reports?");

  private RainConditionParser() {}

  static Condition.RecentAntecedent recentAntecedent(NodeReader r, Map<String, Node> cf, Node at, String w) {
    Duration recent = window(r, cf, "recent", at, w);
    Duration antecedent = window(r, cf, "antecedent", at, w);
    Double intercept = number(r, cf, "intercept", at, w);
    Double slope = number(r, cf, "slope", at, w);
    if (intercept != null && intercept <= 0) {
      r.problem(cf.get("intercept"), w + ": intercept must be above zero (the recent rain that exceeds with no "
          + "antecedent rain)");
    }
    if (slope != null && slope > 0) {
      r.problem(cf.get("slope"), w + ": slope must be zero or negative (more antecedent rain, less recent rain "
          + "needed), not " + slope);
    }
    Condition.RainSeries series = series(r, cf, at, w, false);
    if (series != null && series.byReports()) {
      checkWhole(r, cf, "recent", recent, series, w);
      checkWhole(r, cf, "antecedent", antecedent, series, w);
    }
    if (recent == null || antecedent == null || intercept == null || slope == null || series == null
        || intercept <= 0 || slope > 0) {
      return null;
    }
    return new Condition.RecentAntecedent(recent, antecedent, intercept, slope, series);
  }

  static Condition.RunningIntensity runningIntensity(NodeReader r, Map<String, Node> cf, Node at, String w) {
    Duration window = window(r, cf, "window", at, w);
    Condition.RainSeries series = series(r, cf, at, w, true);
    if (series != null && series.byReports()) {
      checkWhole(r, cf, "window", window, series, w);
    }
    return window == null || series == null ? null : new Condition.RunningIntensity(window, series);
  }

  /**
   * The series options of a condition; null when they have problems (reported). {@code stormAllowed}: whether the
   * condition type takes a {@code storm}.
   */
  static Condition.RainSeries series(NodeReader r, Map<String, Node> cf, Node at, String w, boolean stormAllowed) {
    int before = r.problems().size();
    Node unitNode = cf.get("unit");
    if (unitNode == null) {
      r.problem(at, w + ": missing field 'unit' (mm or in: the unit of its rain amounts, thresholds and levels)");
    }
    Condition.RainUnit unit = null;
    if (unitNode != null) {
      String u = r.string(unitNode, w + ": unit");
      if ("mm".equals(u)) {
        unit = Condition.RainUnit.MM;
      } else if ("in".equals(u)) {
        unit = Condition.RainUnit.IN;
      } else if (u != null) {
        r.problem(unitNode, w + ": unit must be mm or in, not '" + u + "'");
      }
    }
    boolean byReports = false;
    if (cf.containsKey("count")) {
      String c = r.string(cf.get("count"), w + ": count");
      if ("reports".equals(c)) {
        byReports = true;
      } else if (c != null && !"clock".equals(c)) {
        r.problem(cf.get("count"), w + ": count must be clock (windows of time) or reports (windows of so many "
            + "reports), not '" + c + "'");
      }
    }
    long interval = 3_600_000L;
    if (cf.containsKey("reportInterval")) {
      Duration d = r.duration(cf.get("reportInterval"), w + ": reportInterval");
      if (d != null && d.isZero()) {
        r.problem(cf.get("reportInterval"), w + ": reportInterval must be longer than zero");
      } else if (d != null) {
        interval = d.toMillis();
      }
    }
    long[] storm = {0, 0}; // dry reports, dry time in ms
    if (cf.containsKey("storm") && stormAllowed) { // where it is not, the rule parser has reported it
      storm = storm(r, cf.get("storm"), w);
    }
    boolean strict = false;
    if (cf.containsKey("strict")) {
      String s = r.string(cf.get("strict"), w + ": strict");
      if ("true".equals(s)) {
        strict = true;
      } else if (s != null && !"false".equals(s)) {
        r.problem(cf.get("strict"), w + ": strict must be true or false, not '" + s + "'");
      }
    }
    if (r.problems().size() > before || unit == null) {
      return null;
    }
    return new Condition.RainSeries(unit, byReports, interval, (int) storm[0], storm[1], strict);
  }

  /** {@code storm: {endsAfter: ...}}: {dry reports, 0} or {0, dry time ms}; {0, 0} after a problem. */
  private static long[] storm(NodeReader r, Node sn, String w) {
    Map<String, Node> sm = r.mapping(sn, w + ": storm", List.of("endsAfter"));
    Node ends = sm == null ? null : r.required(sm, "endsAfter", sn, w + ": storm");
    String text = ends == null ? null : r.string(ends, w + ": storm endsAfter");
    if (text == null) {
      return new long[] {0, 0};
    }
    Matcher m = REPORTS.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      if (n == 0 || n > 10_000) {
        r.problem(ends, w + ": storm endsAfter must be 1 to 10000 reports, not " + n);
        return new long[] {0, 0};
      }
      return new long[] {n, 0};
    }
    Duration d = r.duration(ends, w + ": storm endsAfter (a duration such as 3h, or '3 reports')");
    if (d != null && d.isZero()) {
      r.problem(ends, w + ": storm endsAfter must be longer than zero");
      return new long[] {0, 0};
    }
    return new long[] {0, d == null ? 0 : d.toMillis()};
  }

  private static Duration window(NodeReader r, Map<String, Node> cf, String key, Node at, String w) {
    Node n = r.required(cf, key, at, w);
    Duration d = n == null ? null : r.duration(n, w + ": " + key);
    if (d != null && d.isZero()) {
      r.problem(n, w + ": " + key + " must be longer than zero");
      return null;
    }
    return d;
  }

  private static Double number(NodeReader r, Map<String, Node> cf, String key, Node at, String w) {
    Node n = r.required(cf, key, at, w);
    return n == null ? null : r.number(n, w + ": " + key);
  }

  /** With {@code count: reports} a window must hold a whole number of report intervals. */
  private static void checkWhole(NodeReader r, Map<String, Node> cf, String key, Duration d,
      Condition.RainSeries series, String w) {
    if (d != null && d.toMillis() % series.reportIntervalMs() != 0) {
      r.problem(cf.get(key), w + ": " + key + " " + AlertText.human(d) + " is not a whole number of report "
          + "intervals (" + AlertText.human(Duration.ofMillis(series.reportIntervalMs())) + ") for count: reports");
    }
  }
}
