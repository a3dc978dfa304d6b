package org.vigil.alerts.rules;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.vigil.core.HazardMetrics;

/**
 * One rule of a ruleset, as written in the rule file and validated by {@link RuleSetLoader}. Immutable.
 *
 * @param id stable id, {@code [a-z0-9-]+}; alerts, state and diffs are keyed by it
 * @param description words for people, used in alert messages; empty: the metric's description
 * @param scope the subjects judged
 * @param metric the metric judged (a raw field or derived series of {@link HazardMetrics}); for
 *     {@code intensity_duration} {@code rain_event_intensity_mm_h}, for {@code deadman} and {@code compound} the
 *     empty string; for crowd conditions a figure of {@link CrowdMetrics} ({@code people} for surge and
 *     dispersal, {@code motion_energy} for motion)
 * @param condition how the metric is judged
 * @param levels per-level raise and clear thresholds in the condition's judged value, lowest level first; for
 *     {@code above} raise rises with the level and clear is at or below raise, for {@code below} the reverse
 * @param pending how long (device time) the condition must hold before the alert opens or escalates; ZERO: at once
 * @param keepFiring how long (device time) a level is kept after the condition for it stops; ZERO: drop at once
 * @param deadman the silence option, or null
 * @param explain metrics of the same sensor copied into each alert's details
 * @param autoResolveAfter when set, an open alert whose subject has sent no reading for this long (device time, judged
 *     by the watermark) resolves, with a message saying so; null: an open alert waits for a reading that clears it
 */
public record RuleDef(
    String id,
    String description,
    Scope scope,
    String metric,
    Condition condition,
    List<LevelBand> levels,
    Duration pending,
    Duration keepFiring,
    Deadman deadman,
    List<String> explain,
    Duration autoResolveAfter)
    implements Serializable {

  /** A rule without auto-resolve. */
  public RuleDef(String id, String description, Scope scope, String metric, Condition condition,
      List<LevelBand> levels, Duration pending, Duration keepFiring, Deadman deadman, List<String> explain) {
    this(id, description, scope, metric, condition, levels, pending, keepFiring, deadman, explain, null);
  }

  public RuleDef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(condition, "condition");
    description = description == null ? "" : description;
    scope = scope == null ? Scope.ALL : scope;
    metric = metric == null ? "" : metric;
    levels = levels == null ? List.of() : List.copyOf(levels);
    pending = pending == null ? Duration.ZERO : pending;
    keepFiring = keepFiring == null ? Duration.ZERO : keepFiring;
    explain = explain == null ? List.of() : List.copyOf(explain);
  }

  /** True for crowd rules, judged on analysed camera frames rather than sensor readings. */
  public boolean crowd() {
    return condition.crowd();
  }

  /** True for rules judged per site (compound) rather than per sensor. */
  public boolean perSite() {
    return condition instanceof Condition.Compound;
  }

  /**
   * Fingerprint of everything that decides how the rule judges and what its alerts carry: every field except
   * {@link #description}. Two rules with the same fingerprint judge every reading alike, so state kept for one is
   * valid for the other. First 16 hex digits of SHA-256 over the canonical text of the record (sets are enum-ordered
   * and lists of sites and sensors sorted, so equal rules print alike).
   */
  public String fingerprint() {
    RuleDef canonical = new RuleDef(id, "", scope, metric, condition, levels, pending, keepFiring, deadman, explain,
        autoResolveAfter);
    // Without auto-resolve the text is what it was before the field existed, so fingerprints (and the state kept
    // under them) do not change for rules that do not use it.
    String text = canonical.toString().replace(", autoResolveAfter=null]", "]");
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The description, else the catalogue's words for the metric, else the id. */
  public String describe() {
    if (!description.isBlank()) {
      return description;
    }
    if (crowd()) {
      CrowdMetrics.Info c = CrowdMetrics.info(metric);
      return c != null && condition instanceof Condition.Crowd ? c.description() : condition.type().replace('_', ' ');
    }
    HazardMetrics.Info info = metric.isEmpty() ? null : HazardMetrics.info(metric);
    return info != null ? info.description() : id;
  }

  /** Unit of the judged value, for messages: the metric's unit, per hour for a rate, hours, or "x" for a ratio. */
  public String unit() {
    if (crowd()) {
      CrowdMetrics.Info c = CrowdMetrics.info(metric);
      return condition instanceof Condition.CrowdAnomaly || c == null ? "x" : c.unit();
    }
    HazardMetrics.Info info = metric.isEmpty() ? null : HazardMetrics.info(metric);
    String u = info == null ? "" : info.unit();
    if (condition instanceof Condition.RateOfChange) {
      return u + "/h";
    }
    if (condition instanceof Condition.IntensityDuration || condition instanceof Condition.RecentAntecedent) {
      return "x";
    }
    if (condition instanceof Condition.RunningIntensity ri) {
      return ri.series().unit().wireName() + "/h";
    }
    if (condition instanceof Condition.ForecastWithin || condition instanceof Condition.NoData) {
      return "h";
    }
    return condition instanceof Condition.Compound ? "" : u;
  }
}
