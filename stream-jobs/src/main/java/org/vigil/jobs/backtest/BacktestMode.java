package org.vigil.jobs.backtest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.ModeProfiles;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleEngine;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.registry.Registry;
import org.vigil.registry.Site;

/**
 * The command mode a backtest judges the proposed rules in ({@code vigil rules backtest --mode holiday [--region
 * R]}): at the sites it covers, each rule the ruleset's {@code modes:} section gives other levels in that mode judges
 * with them (tagged overrides at sites with the tag); elsewhere, and for the rules compared against, daily.
 *
 * @param mode the mode
 * @param region the region it is set for, or null (the whole registry, or every site without one)
 * @param sites the sites covered with their registry tags; null: every site, without tags (no registry given)
 */
public record BacktestMode(Mode mode, String region, Map<String, List<String>> sites) implements Serializable {

  /**
   * The mode for a region of a registry (every site of it when {@code region} is null); without a registry, for
   * every site (overrides limited to tagged sites then apply nowhere).
   *
   * @throws IllegalArgumentException for a region without a registry, or one the registry does not know
   */
  public static BacktestMode of(Mode mode, String region, Registry registry) {
    if (registry == null) {
      if (region != null) {
        throw new IllegalArgumentException("--region needs a registry (--registry or VIGIL_REGISTRY_FILE)");
      }
      return new BacktestMode(mode, null, null);
    }
    if (region != null && !registry.regions().containsKey(region)) {
      throw new IllegalArgumentException("region '" + region + "' is not a region of the registry");
    }
    HashMap<String, List<String>> sites = new HashMap<>();
    for (Site s : registry.sites().values()) {
      if (region == null || registry.within(s.region(), region)) {
        sites.put(s.id(), new ArrayList<>(s.tags()));
      }
    }
    return new BacktestMode(mode, region, sites);
  }

  /** The mode a site is judged in. */
  public Mode modeOf(String site) {
    return sites == null || sites.containsKey(site) ? mode : Mode.DAILY;
  }

  /** A site's tags (empty when not known). */
  public List<String> tagsOf(String site) {
    List<String> t = sites == null ? null : sites.get(site);
    return t == null ? List.of() : t;
  }

  /** The engines of {@code rules} at a site: the rule's own, or one with the mode's levels keeping its state. */
  public Map<String, RuleEngine> engines(RuleSet rules, Map<String, RuleEngine> daily, String site) {
    Mode m = modeOf(site);
    if (m == Mode.DAILY) {
      return daily;
    }
    ModeProfiles p = rules.modes();
    Map<String, RuleEngine> out = new java.util.LinkedHashMap<>();
    for (RuleDef r : rules.rules()) {
      RuleDef inMode = p.ruleFor(r, m, tagsOf(site));
      out.put(r.id(), inMode == r ? daily.get(r.id()) : RuleEngine.forMode(r, inMode));
    }
    return out;
  }

  /** {@code holiday in township-a (12 sites)}. */
  public String describe() {
    return mode.wireName() + (region == null ? "" : " in " + region)
        + (sites == null ? " at every site" : " (" + sites.size() + " sites)");
  }
}
