package org.vigil.alerts.site;

import java.util.HashMap;

/**
 * What a {@link CompoundRule} remembers about one site between readings; kept as Flink keyed state (public fields
 * and a no-argument constructor make it a Flink POJO). Not thread-safe.
 */
public class CompoundState {

  /** Newest device time seen at the site, epoch ms. */
  public long nowMs = Long.MIN_VALUE;

  /** Per condition name: latest device time it held. */
  public HashMap<String, Long> heldAtMs = new HashMap<>();

  /** Per condition name: the value when it last held. */
  public HashMap<String, Double> heldValue = new HashMap<>();

  /** Per condition name: the sensor where it last held. */
  public HashMap<String, String> heldSubject = new HashMap<>();

  /** Id of the open alert, null when none is open. */
  public String openId;

  /** When the open alert opened (device time). */
  public long openedAtMs;

  public CompoundState() {}
}
