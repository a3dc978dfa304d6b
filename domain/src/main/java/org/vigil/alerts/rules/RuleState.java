package org.vigil.alerts.rules;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.vigil.core.Level;

/**
 * What {@link RuleEngine} remembers about one rule and one subject (a sensor, or a site for compound rules) between
 * readings: the open alert, the pending and keep-firing clocks, the readings a rate needs, the parts of a compound.
 * The caller keeps one per (rule id, subject), e.g. as Flink keyed state: public fields and a public no-argument
 * constructor make it a Flink POJO (no records inside). Not thread-safe.
 *
 * <p>{@link #fingerprint} is the {@link RuleDef#fingerprint()} of the rule the state was last judged under; see
 * {@link RuleEngine} for what happens when the rule changes.
 */
public class RuleState {

  /** "Not set" for the clocks. */
  public static final long UNSET = Long.MIN_VALUE;

  /** Rule id. */
  public String ruleId;

  /** Fingerprint of the rule this state was judged under; null before the first judgement. */
  public String fingerprint;

  /** Site of the subject. */
  public String site;

  /** {@code site/kind/sensorId} for sensor rules, the site id for site rules. */
  public String subject;

  /** Open alert id, null when none is open. */
  public String alertId;

  /** Current level, NONE when no alert is open. */
  public Level level = Level.NONE;

  /** Device time the open alert opened, epoch ms. */
  public long startedAtMs;

  /** Newest device time judged (for a site: newest at the site), epoch ms; UNSET before the first reading. */
  public long lastSeenMs = UNSET;

  /** The judged value of the newest reading, in the condition's direction as written; NaN when none. */
  public double lastValue = Double.NaN;

  /** Per {@link Level#ordinal()}: device time since which the value has reached that level's raise threshold. */
  public long[] raisingSinceMs = unset();

  /** Device time since which the value has been below the current level's clear threshold; UNSET when not. */
  public long fallingSinceMs = UNSET;

  /** True while the current level was raised by silence (deadman option) rather than a value. */
  public boolean silent;

  /** rate_of_change and the rain conditions: device times of the readings within the window, oldest first. */
  public long[] sampleTimesMs = new long[0];

  /** rate_of_change: the metric at those times; rain conditions: the rain of each report, mm. */
  public double[] sampleValues = new double[0];

  /** Rain conditions: device time of the first report the rule saw; UNSET before it. */
  public long firstSeenMs = UNSET;

  /** Rain conditions: number of reports seen (for windows that count reports). */
  public long reportsSeen;

  /** Rain conditions with a storm: its start, epoch ms; UNSET when there is no storm. */
  public long stormStartMs = UNSET;

  /** Rain conditions with a storm: its rain so far, mm. */
  public double stormMm;

  /** Rain conditions with a storm: device time of its last wet report. */
  public long stormLastWetMs = UNSET;

  /** Rain conditions with a storm that ends after dry reports: dry reports in a row since its last wet one. */
  public int stormDryReports;

  /** Dry reports inside a storm waiting for its fate: their device times, oldest first. */
  public long[] deferredTimesMs = new long[0];

  /** Their judged values should the storm go on. */
  public double[] deferredValues = new double[0];

  /** compound: per part name, the newest device time it held. */
  public Map<String, Long> heldAtMs = new HashMap<>();

  /** compound: per part name, the value when it last held. */
  public Map<String, Double> heldValue = new HashMap<>();

  /** compound: per part name, the sensor where it last held. */
  public Map<String, String> heldSubject = new HashMap<>();

  /** The explaining numbers of the newest reading, copied into events raised by {@link RuleEngine#onTime}. */
  public Map<String, Double> lastDetails = new HashMap<>();

  /** Crowd rules: the sentence explaining the newest value (figures, windows), the start of alert messages. */
  public String lastWhy;

  /** Forecast failure time of the newest reading, epoch ms; null when none. */
  public Long forecastFailureAtMs;

  public RuleState() {}

  /** A fresh state for a rule and subject. */
  public RuleState(String ruleId, String site, String subject) {
    this.ruleId = ruleId;
    this.site = site;
    this.subject = subject;
  }

  /** True when an alert is open. */
  public boolean isOpen() {
    return alertId != null;
  }

  static long[] unset() {
    long[] a = new long[Level.values().length];
    Arrays.fill(a, UNSET);
    return a;
  }
}
