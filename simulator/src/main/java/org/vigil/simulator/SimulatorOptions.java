package org.vigil.simulator;

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
 * @param slope the slope failure, for the slope scenario
 * @param failureIn slope scenario: how long after the start the slope fails
 * @param history slope scenario: how much history before the start is published first (backfill)
 * @param historyInterval slope scenario: report interval of that history
 * @param badEvery every n-th message is malformed on purpose (0: never), to exercise the dead letter
 * @param duration stop after this long (null: run until stopped)
 * @param seed random seed, for repeatable runs
 * @param devices the fleet, device by device (a registry's devices); empty: {@code rainGauges} and
 *     {@code slopeSensors} at every site of {@code sites}
 * @param affectedSites the sites the storm or the slope failure hits (their history is published first); the others
 *     see the calm scenario's drizzle and report from the start on. Empty: every site
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
    SlopeFailureProfile slope,
    Duration failureIn,
    Duration history,
    Duration historyInterval,
    int badEvery,
    Duration duration,
    long seed,
    List<FleetDevice> devices,
    List<String> affectedSites) {

  /** Weather of the run. */
  public enum Scenario {
    /** Light, intermittent drizzle: no alerts expected. */
    CALM,
    /** A cloudburst already under way at start (see {@link StormProfile}). */
    STORM,
    /**
     * Days of steady slope creep, then rain and accelerating creep towards a failure shortly after the start (see
     * {@link SlopeFailureProfile}); the history is published first.
     */
    SLOPE
  }

  /** A fleet of {@code rainGauges} and {@code slopeSensors} at every site, all of them affected. */
  public SimulatorOptions(String mqttUrl, List<String> sites, int rainGauges, int slopeSensors, Duration interval,
      Scenario scenario, StormProfile storm, Duration stormLead, SlopeFailureProfile slope, Duration failureIn,
      Duration history, Duration historyInterval, int badEvery, Duration duration, long seed) {
    this(mqttUrl, sites, rainGauges, slopeSensors, interval, scenario, storm, stormLead, slope, failureIn, history,
        historyInterval, badEvery, duration, seed, List.of(), List.of());
  }

  public SimulatorOptions {
    devices = devices == null ? List.of() : List.copyOf(devices);
    affectedSites = affectedSites == null ? List.of() : List.copyOf(affectedSites);
    if (!devices.isEmpty()) {
      // The sites are the devices' sites, in their order.
      sites = devices.stream().map(FleetDevice::site).distinct().toList();
    }
    sites = List.copyOf(sites);
    List<String> problems = new ArrayList<>();
    if (mqttUrl == null || mqttUrl.isBlank()) {
      problems.add("mqttUrl is empty");
    }
    if (sites.isEmpty()) {
      problems.add("at least one site is needed");
    }
    if (devices.isEmpty() && (rainGauges < 0 || slopeSensors < 0 || rainGauges + slopeSensors == 0)) {
      problems.add("rainGauges and slopeSensors must be >= 0 and not both 0");
    }
    if (interval == null || interval.toMillis() < 10) {
      problems.add("interval must be at least 10 ms");
    }
    if (stormLead == null || stormLead.isNegative()) {
      problems.add("stormLead must be >= 0");
    }
    failureIn = failureIn == null ? Duration.ofMinutes(30) : failureIn;
    history = history == null ? Duration.ofDays(28) : history;
    historyInterval = historyInterval == null ? Duration.ofMinutes(10) : historyInterval;
    if (failureIn.isNegative()) {
      problems.add("failureIn must be >= 0");
    }
    if (history.isNegative()) {
      problems.add("history must be >= 0");
    }
    if (historyInterval.toMillis() < 10) {
      problems.add("historyInterval must be at least 10 ms");
    }
    if (badEvery < 0) {
      problems.add("badEvery must be >= 0");
    }
    for (String s : affectedSites) {
      if (!sites.contains(s)) {
        problems.add("affected site '" + s + "' is not a site of the fleet");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid simulator options: " + String.join("; ", problems));
    }
    storm = storm == null ? StormProfile.DEFAULT : storm;
    slope = slope == null ? SlopeFailureProfile.DEFAULT : slope;
  }

  /** Whether the storm or the slope failure hits {@code site}. */
  public boolean affects(String site) {
    return affectedSites.isEmpty() || affectedSites.contains(site);
  }
}
