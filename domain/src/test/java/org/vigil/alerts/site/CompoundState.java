package org.vigil.alerts.site;

import java.util.HashMap;
import java.util.Map;

/**
 * What a {@link CompoundRule} remembers about one site between readings; kept as Flink keyed state (public fields
 * and a no-argument constructor make it a Flink POJO; the maps are declared as {@code Map} so that Flink serializes
 * them as map types rather than falling back to Kryo, which the job disables). Not thread-safe.
 */
public class CompoundState {

  /** Newest device time seen at the site, epoch ms. */
  public long nowMs = Long.MIN_VALUE;

  /** Per condition name: latest device time it held. */
  public Map<String, Long> heldAtMs = new HashMap<>();

  /** Per condition name: the value when it last held. */
  public Map<String, Double> heldValue = new HashMap<>();

  /** Per condition name: the sensor where it last held. */
  public Map<String, String> heldSubject = new HashMap<>();

  /** Id of the open alert, null when none is open. */
  public String openId;

  /** When the open alert opened (device time). */
  public long openedAtMs;

  public CompoundState() {}
}
