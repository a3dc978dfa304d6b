package org.vigil.jobs.registry;

import java.util.Objects;

/**
 * A registry in force as the monitoring job passes it to its operators (broadcast): the YAML as published and its
 * version. The operators parse it themselves (once per version), so what travels and is checkpointed is plain text.
 *
 * @param version 0 for the registry file the job started with, then 1, 2, ... as published
 * @param author who published it
 * @param comment why
 * @param yaml the registry
 * @param summary what it holds, e.g. "9 regions, 4 sites, 28 devices"
 * @param source where it came from: the file at start or the topic
 */
public record RegistryUpdate(long version, String author, String comment, String yaml, String summary, String source)
    implements java.io.Serializable {

  public RegistryUpdate {
    Objects.requireNonNull(yaml, "yaml");
    author = author == null ? "" : author;
    comment = comment == null ? "" : comment;
    summary = summary == null ? "" : summary;
    source = source == null ? "" : source;
  }
}
