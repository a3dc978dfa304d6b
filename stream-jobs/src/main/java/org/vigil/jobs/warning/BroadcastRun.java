package org.vigil.jobs.warning;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.core.Level;
import org.vigil.warning.broadcast.BroadcastMessage;

/**
 * The latest message of an incident the broadcast operator is delivering or has delivered, as kept in keyed state (a
 * Flink POJO): what is spoken (texts by language and voice) and what has been published of its coverage.
 */
public class BroadcastRun {

  public String incident;
  public String identifier;
  public String msgType;
  /** Wire name ({@code red}). */
  public String level;
  /** The warning's own region. */
  public String region;
  /** The regions the broadcast reaches (the policy's, and for an update or cancel those of the earlier message). */
  public String[] regions = new String[0];
  /** {@link BroadcastMessage#texts()}: keys and values in order. */
  public String[] textKeys = new String[0];

  public String[] textValues = new String[0];
  public long sentMs;
  /** Deliveries of the incident's earlier messages this one (or a restart) dropped unsent. */
  public int superseded;
  /** When the coverage was last published (and its time in InfluxDB), epoch ms; 0: never. */
  public long publishedAtMs;
  /** A count changed since the last publication. */
  public boolean changed;
  /** The coverage with nothing pending has been published. */
  public boolean complete;

  public BroadcastRun() {}

  BroadcastMessage message() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (int i = 0; i < textKeys.length; i++) {
      texts.put(textKeys[i], textValues[i]);
    }
    return new BroadcastMessage(incident, identifier, msgType, Level.fromWire(level), region, texts, sentMs);
  }
}
