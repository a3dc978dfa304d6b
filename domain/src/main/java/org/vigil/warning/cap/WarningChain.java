package org.vigil.warning.cap;

/**
 * What Vigil remembers of one warning's chain of messages (a Flink POJO: the job keeps one per alert in keyed
 * state). Mutable on purpose; {@link PublicWarnings} reads and advances it.
 */
public class WarningChain {

  /** The identifiers' base: the alert id, or {@code manual_<region>_<epochSeconds>}. */
  public String base;
  /** For a rule's warning: the site whose area it covers; for a manual one: null. */
  public String site;
  /** For a manual warning: the region whose area it covers; for a rule's: null. */
  public String region;
  /** {@link Hazard} name. */
  public String hazard;
  /** The warning's current {@link org.vigil.core.Level} name. */
  public String level;
  /** Messages issued so far in this chain (the last identifier is {@code base + "." + count}). */
  public int count;
  /** False once lifted while the alert is still open below the public level; a new rise is a new incident. */
  public boolean inForce;
  /** The incident's first message: identifier and sent time (epoch ms, whole seconds). */
  public String firstId;

  public long firstSentMs;
  /** The latest message: identifier and sent time. */
  public String latestId;

  public long latestSentMs;
  /** The alert's sentence, for the description of updates and renewals. */
  public String description;
  /** The figures behind it ({@code <parameter>} names and values, in order). */
  public String[] parameterNames = new String[0];

  public String[] parameterValues = new String[0];

  public WarningChain() {}
}
