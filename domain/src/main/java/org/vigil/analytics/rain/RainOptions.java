package org.vigil.analytics.rain;

import java.io.Serializable;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.vigil.core.settings.AnalyticsSettings;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.SettingsReader;

/**
 * Settings of the per-gauge rainfall analytics ({@link RainGauge}). Read from the environment (or any lookup) with
 * {@link #fromLookup}; {@link #validate()} reports every problem at once.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #KEY_DRY_GAP}</td><td>PT6H</td><td>dry spell (ISO-8601 duration) that ends a rain event</td></tr>
 *   <tr><td>{@link #KEY_DECAY}</td><td>0.8</td><td>decay k of the antecedent rainfall, in (0, 1]</td></tr>
 *   <tr><td>{@link #KEY_DAYS}</td><td>10</td><td>days n of antecedent rainfall, 0 to 60</td></tr>
 *   <tr><td>{@link #KEY_CURVES}</td><td>caine1980,guzzetti2008</td><td>I–D curves, see {@link #parseCurves}</td></tr>
 *   <tr><td>{@link #KEY_MAX_INTERVAL}</td><td>PT1H</td><td>longest interval a single report may cover</td></tr>
 *   <tr><td>{@link #KEY_RESOLUTION}</td><td>PT1M</td><td>reports closer together than this are merged into one
 *       kept entry (PT0S: never)</td></tr>
 *   <tr><td>{@link #KEY_FINE_HISTORY}</td><td>PT24H</td><td>entries older than this (behind the newest) are merged
 *       into hour buckets</td></tr>
 * </table>
 *
 * @param dryGapMs a dry spell at least this long separates two rain events. Default 6 h; Italian and Chinese practice
 *     use 6 to 24 h (shorter gaps split storms that soils feel as one, longer ones merge separate storms)
 * @param antecedentDecay k in {@code R_a = sum k^i R_i}; default 0.8 (Crozier and Eyles 1980 and Glade et al. 2000
 *     fitted 0.84 for Wellington, New Zealand)
 * @param antecedentDays n, the number of 24-hour blocks before the current one; default 10 as in Glade et al. (2000)
 * @param curves I–D curves checked for the current event; default {@link IdCurve#CAINE_1980} and {@link
 *     IdCurve#GUZZETTI_2008}
 * @param maxReportIntervalMs a report's interval is the time since the gauge's previous report, capped at this, so a
 *     report after a long silence is taken to cover at most this long (it affects an event's start and so its
 *     duration and intensity). Default 1 h
 * @param resolutionMs a report arriving less than this after the start of the newest kept entry's interval is merged
 *     into that entry, so a fast reporter keeps about one entry per resolution ({@link RainGauge}). Default 1 min:
 *     gauges reporting every minute or less often are kept report by report, and a faster gauge's 10 min sum is off
 *     by at most about a minute of rain at its start. 0 turns merging off; at most 1 h
 * @param fineHistoryMs how far back from the newest report entries stay as they are; older ones are merged into hour
 *     buckets aligned to the hour. Default 24 h, so the 10 min, 1 h, 3 h and 24 h sums and events of up to a day are
 *     as exact as the resolution allows; only the 72 h sum, the antecedent blocks and longer events see the hour
 *     tier. At least 3 h
 */
public record RainOptions(
    long dryGapMs,
    double antecedentDecay,
    int antecedentDays,
    List<IdCurve> curves,
    long maxReportIntervalMs,
    long resolutionMs,
    long fineHistoryMs)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String KEY_DRY_GAP = AnalyticsSettings.RAIN_DRY_GAP.key();
  public static final String KEY_DECAY = AnalyticsSettings.RAIN_ANTECEDENT_DECAY.key();
  public static final String KEY_DAYS = AnalyticsSettings.RAIN_ANTECEDENT_DAYS.key();
  public static final String KEY_CURVES = AnalyticsSettings.RAIN_ID_CURVES.key();
  public static final String KEY_MAX_INTERVAL = AnalyticsSettings.RAIN_MAX_REPORT_INTERVAL.key();
  public static final String KEY_RESOLUTION = AnalyticsSettings.RAIN_RESOLUTION.key();
  public static final String KEY_FINE_HISTORY = AnalyticsSettings.RAIN_FINE_HISTORY.key();

  /** Default of {@link #KEY_RESOLUTION}: one minute. */
  public static final long DEFAULT_RESOLUTION_MS = AnalyticsSettings.RAIN_RESOLUTION.defaultValue().toMillis();

  /** Default of {@link #KEY_FINE_HISTORY}: 24 hours. */
  public static final long DEFAULT_FINE_HISTORY_MS = AnalyticsSettings.RAIN_FINE_HISTORY.defaultValue().toMillis();

  static final long HOUR_MS = 3_600_000L;
  static final long DAY_MS = 24 * HOUR_MS;
  static final int MAX_ANTECEDENT_DAYS = 60;

  /** The built-in curves by the name used in {@link #KEY_CURVES}. */
  public static final Map<String, IdCurve> BUILT_IN_CURVES =
      Map.of(IdCurve.CAINE_1980.name(), IdCurve.CAINE_1980, IdCurve.GUZZETTI_2008.name(), IdCurve.GUZZETTI_2008);

  public RainOptions {
    curves = curves == null ? null : List.copyOf(curves);
  }

  /** Options with the default resolution and fine history. */
  public RainOptions(
      long dryGapMs, double antecedentDecay, int antecedentDays, List<IdCurve> curves, long maxReportIntervalMs) {
    this(dryGapMs, antecedentDecay, antecedentDays, curves, maxReportIntervalMs, DEFAULT_RESOLUTION_MS,
        DEFAULT_FINE_HISTORY_MS);
  }

  /** The defaults listed above. */
  public static RainOptions defaults() {
    return new RainOptions(AnalyticsSettings.RAIN_DRY_GAP.defaultValue().toMillis(),
        AnalyticsSettings.RAIN_ANTECEDENT_DECAY.defaultValue(), AnalyticsSettings.RAIN_ANTECEDENT_DAYS.defaultValue(),
        parseCurves(AnalyticsSettings.RAIN_ID_CURVES.defaultText(), new ArrayList<>()),
        AnalyticsSettings.RAIN_MAX_REPORT_INTERVAL.defaultValue().toMillis());
  }

  /** A copy with another dry gap. */
  public RainOptions withDryGapMs(long ms) {
    return new RainOptions(
        ms, antecedentDecay, antecedentDays, curves, maxReportIntervalMs, resolutionMs, fineHistoryMs);
  }

  /** A copy with other antecedent parameters. */
  public RainOptions withAntecedent(double decay, int days) {
    return new RainOptions(dryGapMs, decay, days, curves, maxReportIntervalMs, resolutionMs, fineHistoryMs);
  }

  /** A copy with other curves. */
  public RainOptions withCurves(List<IdCurve> newCurves) {
    return new RainOptions(
        dryGapMs, antecedentDecay, antecedentDays, newCurves, maxReportIntervalMs, resolutionMs, fineHistoryMs);
  }

  /** A copy with another resolution (0: no merging). */
  public RainOptions withResolutionMs(long ms) {
    return new RainOptions(dryGapMs, antecedentDecay, antecedentDays, curves, maxReportIntervalMs, ms, fineHistoryMs);
  }

  /** A copy with another fine history. */
  public RainOptions withFineHistoryMs(long ms) {
    return new RainOptions(dryGapMs, antecedentDecay, antecedentDays, curves, maxReportIntervalMs, resolutionMs, ms);
  }

  /**
   * How far back from a gauge's newest report reports are kept: the 72-hour window or the current day plus the
   * antecedent days, whichever is longer (264 h with the defaults). Older reports are refused.
   */
  public long historyMs() {
    return Math.max(72 * HOUR_MS, (antecedentDays + 1L) * DAY_MS);
  }

  /** Every problem with these settings; empty when valid. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (dryGapMs <= 0) {
      p.add(KEY_DRY_GAP + ": must be positive, got " + Duration.ofMillis(dryGapMs));
    }
    if (!(antecedentDecay > 0 && antecedentDecay <= 1)) {
      p.add(KEY_DECAY + ": must be in (0, 1], got " + antecedentDecay);
    }
    if (antecedentDays < 0 || antecedentDays > MAX_ANTECEDENT_DAYS) {
      p.add(KEY_DAYS + ": must be 0 to " + MAX_ANTECEDENT_DAYS + ", got " + antecedentDays);
    }
    if (maxReportIntervalMs <= 0) {
      p.add(KEY_MAX_INTERVAL + ": must be positive, got " + Duration.ofMillis(maxReportIntervalMs));
    }
    if (resolutionMs < 0 || resolutionMs > HOUR_MS) {
      p.add(KEY_RESOLUTION + ": must be 0 (no merging) to PT1H, got " + Duration.ofMillis(resolutionMs));
    }
    if (fineHistoryMs < 3 * HOUR_MS) {
      p.add(KEY_FINE_HISTORY + ": must be at least PT3H (the 3 h sum must stay exact), got "
          + Duration.ofMillis(fineHistoryMs));
    }
    if (curves == null) {
      p.add(KEY_CURVES + ": must not be null (use an empty list for no curves)");
    } else {
      Set<String> seen = new HashSet<>();
      for (IdCurve c : curves) {
        if (!seen.add(c.name())) {
          p.add(KEY_CURVES + ": curve name '" + c.name() + "' appears twice");
        }
      }
    }
    return p;
  }

  /** Throws a {@link ConfigException} listing every problem, or returns these options. */
  public RainOptions validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new ConfigException("invalid rainfall settings", p);
    }
    return this;
  }

  /**
   * Reads the keys above from {@code lookup} (absent or blank means the default) and validates the result. Every
   * unreadable or invalid value is reported in one {@link ConfigException}, each naming its key.
   */
  public static RainOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    long dryGap = r.get(AnalyticsSettings.RAIN_DRY_GAP).toMillis();
    long maxInterval = r.get(AnalyticsSettings.RAIN_MAX_REPORT_INTERVAL).toMillis();
    long resolution = r.get(AnalyticsSettings.RAIN_RESOLUTION).toMillis();
    long fineHistory = r.get(AnalyticsSettings.RAIN_FINE_HISTORY).toMillis();
    double decay = r.get(AnalyticsSettings.RAIN_ANTECEDENT_DECAY);
    int days = r.get(AnalyticsSettings.RAIN_ANTECEDENT_DAYS);
    List<String> p = new ArrayList<>();
    List<IdCurve> curves = defaults().curves();
    if (r.isSet(AnalyticsSettings.RAIN_ID_CURVES)) {
      List<String> curveProblems = new ArrayList<>();
      curves = parseCurves(r.raw(AnalyticsSettings.RAIN_ID_CURVES), curveProblems);
      curveProblems.forEach(c -> p.add(KEY_CURVES + ": " + c));
    }
    RainOptions o = new RainOptions(dryGap, decay, days, curves, maxInterval, resolution, fineHistory);
    // A value that could not be read was replaced by its default above, so no key is reported twice.
    p.addAll(o.problems());
    r.check("invalid rainfall settings", p);
    return o;
  }

  /**
   * Parses a curve list: comma-separated items, each either a built-in name ({@code caine1980}, {@code
   * guzzetti2008}) or a custom curve {@code name:alpha=A;beta=B;min=MIN_H;max=MAX_H} (all four required, durations in
   * hours), or the single word {@code none} for no curves. Example: {@code
   * caine1980,guzzetti2008,mysite:alpha=10;beta=0.5;min=1;max=48}. Problems are added to {@code problems}; the
   * returned list holds the curves that could be read.
   */
  public static List<IdCurve> parseCurves(String text, List<String> problems) {
    List<IdCurve> out = new ArrayList<>();
    if (text.trim().equalsIgnoreCase("none")) {
      return out;
    }
    for (String raw : text.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        problems.add("empty item in '" + text + "'");
        continue;
      }
      int colon = item.indexOf(':');
      if (colon < 0) {
        IdCurve builtIn = BUILT_IN_CURVES.get(item.toLowerCase(Locale.ROOT));
        if (builtIn == null) {
          problems.add("unknown curve '" + item + "' (built in: caine1980, guzzetti2008; custom: name:alpha=..;beta=..;min=..;max=..)");
        } else {
          out.add(builtIn);
        }
        continue;
      }
      String name = item.substring(0, colon).trim();
      Map<String, Double> params = new LinkedHashMap<>();
      List<String> itemProblems = new ArrayList<>();
      for (String kv : item.substring(colon + 1).split(";")) {
        int eq = kv.indexOf('=');
        String k = eq < 0 ? kv.trim() : kv.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        if (eq < 0 || !List.of("alpha", "beta", "min", "max").contains(k)) {
          itemProblems.add("'" + kv.trim() + "' is not one of alpha=, beta=, min=, max=");
          continue;
        }
        String v = kv.substring(eq + 1).trim();
        try {
          params.put(k, Double.parseDouble(v));
        } catch (NumberFormatException e) {
          itemProblems.add(k + " is not a number: '" + v + "'");
        }
      }
      for (String k : List.of("alpha", "beta", "min", "max")) {
        if (!params.containsKey(k) && itemProblems.stream().noneMatch(x -> x.startsWith(k + " "))) {
          itemProblems.add(k + " is missing");
        }
      }
      if (itemProblems.isEmpty()) {
        itemProblems.addAll(
            IdCurve.problems(name, params.get("alpha"), params.get("beta"), params.get("min"), params.get("max")));
      }
      if (itemProblems.isEmpty()) {
        out.add(new IdCurve(name, params.get("alpha"), params.get("beta"), params.get("min"), params.get("max")));
      } else {
        itemProblems.forEach(x -> problems.add("curve '" + name + "': " + x));
      }
    }
    return out;
  }


}
