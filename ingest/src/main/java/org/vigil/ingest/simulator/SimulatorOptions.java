package org.vigil.ingest.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the device simulator publishes.
 *
 * @param mqttUrl broker
 * @param sites site ids
 * @param rainGauges rain gauges per site
 * @param slopeSensors slope sensors per site (gnss, tilt, crack, pore in turn)
 * @param interval report interval of every device
 * @param scenario calm or storm
 * @param storm the storm, for the storm scenario
 * @param stormLead how long before the start the storm began; that much history is published first ("backfill",
 *     as gateways do after an outage), so a storm is already under way when the simulator starts
 * @param badEvery every n-th message is malformed on purpose (0: never), to exercise the dead letter
 * @param duration stop after this long (null: run until stopped)
 * @param seed random seed, for repeatable runs
 */
public record SimulatorOptions(
    String mqttUrl,
    List<String> sites,
    int rainGauges,
    int slopeSensors,
    Duration interval,
    Scenario scenario,
    StormProfile storm,
    Duration stormLead,
    int badEvery,
    Duration duration,
    long seed) {

  /** Weather of the run. */
  public enum Scenario {
    /** Light, intermittent drizzle: no alerts expected. */
    CALM,
    /** A cloudburst already under way at start (see {@link StormProfile}). */
    STORM
  }

  public SimulatorOptions {
    sites = List.copyOf(sites);
    List<String> problems = new ArrayList<>();
    if (mqttUrl == null || mqttUrl.isBlank()) {
      problems.add("mqttUrl is empty");
    }
    if (sites.isEmpty()) {
      problems.add("at least one site is needed");
    }
    if (rainGauges < 0 || slopeSensors < 0 || rainGauges + slopeSensors == 0) {
      problems.add("rainGauges and slopeSensors must be >= 0 and not both 0");
    }
    if (interval == null || interval.toMillis() < 10) {
      problems.add("interval must be at least 10 ms");
    }
    if (stormLead == null || stormLead.isNegative()) {
      problems.add("stormLead must be >= 0");
    }
    if (badEvery < 0) {
      problems.add("badEvery must be >= 0");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid simulator options: " + String.join("; ", problems));
    }
    storm = storm == null ? StormProfile.DEFAULT : storm;
  }
}
