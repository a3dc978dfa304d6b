package org.vigil.jobs.rules;

import java.util.Arrays;
import java.util.Objects;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;

/**
 * An accepted ruleset as the monitoring job passes it to its rule operators (broadcast) and keeps it in state: the
 * rules as read and checked once ({@link RuleSet#toBytes()}), its version, and the YAML as published, kept for the
 * record and to know the retained ruleset when it is seen again. The operators judge with {@link #ruleSet()} (and
 * cache it per version); nothing reads the YAML again. Bytes rather than rule objects travel because Flink's own
 * serializers take them as they are (Kryo cannot copy {@code List.of}).
 *
 * @param version ruleset version (0 for the rules the job started with, then 1, 2, ... as published)
 * @param author who published it
 * @param comment why
 * @param yaml the ruleset as published
 * @param rules the checked rules, {@link RuleSet#toBytes()}
 * @param summary what changed against the previous version, e.g. "1 changed (rain-24h: levels)"
 * @param source where it came from: the rules file at start or the topic
 */
public record RulesetUpdate(long version, String author, String comment, String yaml, byte[] rules, String summary,
    String source) implements java.io.Serializable {

  public RulesetUpdate {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(rules, "rules");
    author = author == null ? "" : author;
    comment = comment == null ? "" : comment;
    summary = summary == null ? "" : summary;
    source = source == null ? "" : source;
  }

  /** An update of rules already read and checked, with the text they were read from. */
  public RulesetUpdate(long version, String author, String comment, String yaml, RuleSet rules, String summary,
      String source) {
    this(version, author, comment, yaml, rules.toBytes(), summary, source);
  }

  /** An update of a ruleset given as YAML (tools and tests): read and checked here, once ({@link RuleSetLoader}). */
  public RulesetUpdate(long version, String author, String comment, String yaml, String summary, String source) {
    this(version, author, comment, yaml, RuleSetLoader.parse(yaml, source), summary, source);
  }

  /** The rules. */
  public RuleSet ruleSet() {
    return RuleSet.fromBytes(rules);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RulesetUpdate u && u.version == version && u.author.equals(author)
        && u.comment.equals(comment) && u.yaml.equals(yaml) && Arrays.equals(u.rules, rules)
        && u.summary.equals(summary) && u.source.equals(source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, author, comment, yaml, Arrays.hashCode(rules), summary, source);
  }

  @Override
  public String toString() {
    return "RulesetUpdate[version=" + version + ", author=" + author + ", source=" + source + ", summary=" + summary
        + ", " + rules.length + " bytes of rules]";
  }
}
