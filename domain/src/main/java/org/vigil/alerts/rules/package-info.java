/**
 * Declarative rules: the YAML format ({@link org.vigil.alerts.rules.RuleSet}, {@link org.vigil.alerts.rules.RuleDef},
 * {@link org.vigil.alerts.rules.Condition}), its loader and validation ({@link org.vigil.alerts.rules.RuleSetLoader}),
 * the direction-aware level bands checked there once ({@link org.vigil.alerts.rules.Levels}), the one Flink-free
 * evaluation engine of every rule, sensor and crowd rules alike ({@link org.vigil.alerts.rules.RuleEngine} over a caller-kept
 * {@link org.vigil.alerts.rules.RuleState}), ruleset diffs ({@link org.vigil.alerts.rules.RuleSetDiff}) and the
 * {@code vigil rules} command line ({@link org.vigil.alerts.rules.RulesCli}).
 */
package org.vigil.alerts.rules;
