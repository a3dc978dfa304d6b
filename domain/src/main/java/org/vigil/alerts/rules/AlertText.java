package org.vigil.alerts.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigil.core.AlertState;
import org.vigil.core.HazardMetrics;
import org.vigil.core.Level;

/** The sentences alert events carry for people. */
final class AlertText {

  private AlertText() {}

  static String message(RuleDef rule, RuleState s, Level from, Level to, AlertState state, double value,
      double threshold) {
    String unit = rule.unit();
    String what = what(rule, s, value);
    String reach = rule.condition().direction() == Direction.ABOVE ? "at or above" : "at or below";
    String text;
    if (s.silent && to != Level.NONE) {
      text = String.format(Locale.ROOT, "No reading from %s for %s (last at %s): %s",
          s.subject, human(rule.deadman().after()), Instant.ofEpochMilli(s.lastSeenMs), arrow(from, to));
    } else if (rule.condition() instanceof Condition.NoData && to.isAbove(from)) {
      text = String.format(Locale.ROOT, "No reading from %s for %s h (last at %s): %s",
          s.subject, num(value), Instant.ofEpochMilli(s.lastSeenMs), arrow(from, to));
    } else if (rule.condition() instanceof Condition.Compound) {
      text = to == Level.NONE ? what + ": resolved" : what + ": " + arrow(from, to);
    } else {
      text = switch (state) {
        case OPENED -> String.format(Locale.ROOT, "%s, %s the %s level of %s%s", what, reach, to.wireName(),
            num(threshold), unitSuffix(unit));
        case ESCALATED -> String.format(Locale.ROOT, "%s: %s (level %s%s)", what, arrow(from, to), num(threshold),
            unitSuffix(unit));
        case DE_ESCALATED -> String.format(Locale.ROOT, "%s: %s (clear level %s%s)", what, arrow(from, to),
            num(threshold), unitSuffix(unit));
        default -> String.format(Locale.ROOT, "%s, past the clear level of %s%s: resolved", what, num(threshold),
            unitSuffix(unit));
      };
    }
    if (to.isAbove(from) && !rule.pending().isZero() && !s.silent) {
      text += " for at least " + human(rule.pending());
    }
    if (s.forecastFailureAtMs != null && to != Level.NONE
        && !(rule.condition() instanceof Condition.ForecastWithin)) {
      Double r2 = s.lastDetails.get(HazardMetrics.FORECAST_R2);
      text += "; inverse-velocity forecast of failure " + Instant.ofEpochMilli(s.forecastFailureAtMs)
          + (r2 == null ? "" : String.format(Locale.ROOT, " (fit r2 %.2f)", r2));
    } else if (to != Level.NONE && !(rule.condition() instanceof Condition.ForecastWithin)
        && s.lastDetails.get(HazardMetrics.FORECAST_R2) != null) {
      // A fit was made but is too poor or too uncertain to give a time: say so rather than give a wrong one.
      text += String.format(Locale.ROOT, "; inverse-velocity forecast: poor fit (r2 %.2f, or failure time too "
          + "uncertain), no failure time given", s.lastDetails.get(HazardMetrics.FORECAST_R2));
    } else if (to != Level.NONE && HazardMetrics.FORECAST_LATEST_H.equals(rule.metric())) {
      // Only the displacement fit's bound: steady creep is ruled out and failure could come by then, but no
      // velocity fit is good enough for a time of its own yet.
      text += "; the latest plausible failure, from the displacements alone: no inverse-velocity fit yet, "
          + "no failure time given";
    }
    return text;
  }

  static String removed(RuleDef rule, RuleState s) {
    return String.format(Locale.ROOT, "%s at %s: resolved, rule %s was removed from the ruleset",
        capitalised(rule.describe()), s.subject, rule.id());
  }

  private static String what(RuleDef rule, RuleState s, double value) {
    Condition c = rule.condition();
    if (c.crowd() && s.lastWhy != null) {
      return s.lastWhy;
    }
    String desc = capitalised(rule.describe());
    if (c instanceof Condition.RateOfChange r) {
      return String.format(Locale.ROOT, "%s at %s changes by %s%s over the last %s", desc, s.subject, num(value),
          unitSuffix(rule.unit()), human(r.window()));
    }
    if (c instanceof Condition.RecentAntecedent ra) {
      String u = " " + ra.series().unit().wireName();
      return String.format(Locale.ROOT, "%s at %s: %s%s of rain over the last %s after %s%s over the %s before, "
          + "against %s%s on the line %s %s x antecedent (%s times it)", desc, s.subject,
          num(s.lastDetails.get("recent_rain")), u, human(ra.recent()),
          num(s.lastDetails.get("antecedent_rain_total")), u, human(ra.antecedent()),
          num(s.lastDetails.get("recent_antecedent_line")), u, num(ra.intercept()),
          ra.slope() < 0 ? "- " + num(-ra.slope()) : "+ " + num(ra.slope()), num(value));
    }
    if (c instanceof Condition.RunningIntensity ri) {
      return String.format(Locale.ROOT, "%s at %s: mean intensity %s %s/h over the last %s", desc, s.subject,
          num(value), ri.series().unit().wireName(), human(ri.window()));
    }
    if (c instanceof Condition.IntensityDuration id && id.series() != null) {
      String u = id.series().unit().wireName();
      return String.format(Locale.ROOT, "%s at %s: storm intensity %s %s/h over %s h is %s times the %s threshold",
          desc, s.subject, num(s.lastDetails.get(HazardMetrics.RAIN_EVENT_INTENSITY)), u,
          num(s.lastDetails.get(HazardMetrics.RAIN_EVENT_DURATION_H)), String.format(Locale.ROOT, "%.2f", value),
          id.curve());
    }
    if (c instanceof Condition.IntensityDuration id) {
      Double d = s.lastDetails.get(HazardMetrics.RAIN_EVENT_DURATION_H);
      Double i = s.lastDetails.get(HazardMetrics.RAIN_EVENT_INTENSITY);
      Double t = s.lastDetails.get(HazardMetrics.idThreshold(id.curve()));
      return String.format(Locale.ROOT, "%s at %s: mean intensity %s mm/h over %s h is %s times the %s threshold%s",
          desc, s.subject, num(i), num(d), String.format(Locale.ROOT, "%.2f", value), id.curve(),
          t == null ? "" : " of " + num(t) + " mm/h");
    }
    if (c instanceof Condition.ForecastWithin) {
      Double r2 = s.lastDetails.get(HazardMetrics.FORECAST_R2);
      return Double.isInfinite(value)
          ? String.format(Locale.ROOT, "%s at %s: no failure forecast with a good fit", desc, s.subject)
          : String.format(Locale.ROOT, "%s at %s: failure forecast at %s%s, %s h ahead", desc, s.subject,
              s.forecastFailureAtMs == null ? "?" : Instant.ofEpochMilli(s.forecastFailureAtMs),
              r2 == null ? "" : String.format(Locale.ROOT, " (fit r2 %.2f)", r2), num(value));
    }
    if (c instanceof Condition.NoData) {
      return String.format(Locale.ROOT, "%s: readings from %s are back", desc, s.subject);
    }
    if (c instanceof Condition.Compound cc) {
      List<String> parts = new ArrayList<>();
      for (String n : cc.of()) {
        Condition.Part p = cc.part(n);
        Long at = s.heldAtMs.get(n);
        parts.add(at == null ? n + " (not met)" : String.format(Locale.ROOT, "%s (%s %s at %s, %s; threshold %s)",
            n, p.metric(), num(s.heldValue.get(n)), s.heldSubject.get(n), Instant.ofEpochMilli(at),
            num(p.threshold())));
      }
      String join = cc.match() == Condition.Match.ALL ? " and " : " or ";
      return String.format(Locale.ROOT, "%s at %s: %s within %s", desc, s.subject, String.join(join, parts),
          human(cc.window()));
    }
    return String.format(Locale.ROOT, "%s at %s is %s%s", desc, s.subject, num(value), unitSuffix(rule.unit()));
  }

  private static String arrow(Level from, Level to) {
    return from.wireName() + " -> " + to.wireName();
  }

  private static String unitSuffix(String unit) {
    return unit.isEmpty() ? "" : " " + unit;
  }

  static String num(Double v) {
    if (v == null || Double.isNaN(v)) {
      return "?";
    }
    return Math.abs(v) < 10 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** {@code 2026-11-28T08:00:00.000Z}: UTC with milliseconds, as the alert JSON writes times. */
  static String isoTime(long epochMs) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMs));
  }

  static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** {@code 12h}, {@code 30m}, {@code 1h30m}. */
  static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
