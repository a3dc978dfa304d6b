package org.vigil.jobs.rules;

import java.util.List;

/**
 * The job's answer to a published ruleset, retained on {@code vigil/config/rules/status} and stored in InfluxDB
 * {@code rule_changes}: accepted (with what changed) or rejected (with every problem), and the version in force.
 *
 * @param version the version published (-1 when the message had none)
 * @param accepted whether it is now in force
 * @param activeVersion the version in force after this message
 * @param author who published it
 * @param comment why
 * @param summary what changed (accepted), or the first problem (rejected)
 * @param problems every problem, {@code file:line:column: message}; empty when accepted
 * @param atMs when the job decided, epoch ms
 */
public record RulesetStatus(long version, boolean accepted, long activeVersion, String author, String comment,
    String summary, List<String> problems, long atMs) {

  public RulesetStatus {
    problems = problems == null ? List.of() : List.copyOf(problems);
    author = author == null ? "" : author;
    comment = comment == null ? "" : comment;
    summary = summary == null ? "" : summary;
  }
}
