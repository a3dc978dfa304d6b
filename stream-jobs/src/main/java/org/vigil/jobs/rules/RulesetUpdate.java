package org.vigil.jobs.rules;

import java.util.Objects;

/**
 * An accepted ruleset as the monitoring job passes it to its rule operators (broadcast): the YAML as published and
 * its version. The operators parse it themselves (and cache the result), so what travels and is checkpointed is
 * plain text rather than Java-serialized rule objects.
 *
 * @param version ruleset version (0 for the rules the job started with, then 1, 2, ... as published)
 * @param author who published it
 * @param comment why
 * @param yaml the ruleset
 * @param summary what changed against the previous version, e.g. "1 changed (rain-24h: levels)"
 * @param source where it came from: the rules file at start or the topic
 */
public record RulesetUpdate(long version, String author, String comment, String yaml, String summary, String source)
    implements java.io.Serializable {

  public RulesetUpdate {
    Objects.requireNonNull(yaml, "yaml");
    author = author == null ? "" : author;
    comment = comment == null ? "" : comment;
    summary = summary == null ? "" : summary;
    source = source == null ? "" : source;
  }
}
