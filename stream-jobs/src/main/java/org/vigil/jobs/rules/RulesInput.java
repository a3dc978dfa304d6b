package org.vigil.jobs.rules;

import org.vigil.jobs.rules.SiteModes;

/**
 * The broadcast input of the rule operators ({@link LiveRulesFunction}, the crowd rules): an accepted ruleset, or the
 * sites' effective command modes. Exactly one is set.
 *
 * @param ruleset a ruleset, or null
 * @param modes the sites' modes, or null
 */
public record RulesInput(RulesetUpdate ruleset, SiteModes modes) {

  public RulesInput {
    if ((ruleset == null) == (modes == null)) {
      throw new IllegalArgumentException("a rules input is either a ruleset or the sites' modes");
    }
  }

  public static RulesInput of(RulesetUpdate u) {
    return new RulesInput(u, null);
  }

  public static RulesInput of(SiteModes m) {
    return new RulesInput(null, m);
  }
}
