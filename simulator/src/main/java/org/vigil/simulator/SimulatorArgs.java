package org.vigil.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The simulator's command-line options, shared by {@code vigil simulate} and {@code vigil run} (a picocli mixin). */
public final class SimulatorArgs {

  /** Sites of the storm and calm scenarios when {@code --sites} is not given. */
  public static final List<String> DEFAULT_SITES = List.of("hill-a", "hill-b");

  /**
   * Sites of the slope scenario when {@code --sites} is not given: another hillside with devices of its own. Its four
   * weeks of history end now; on the storm's devices, which a restored job has analysed up to a few minutes ago, that
   * history would be older than what their analytics hold (stored, dead-lettered as late, not analysed).
   */
  public static final List<String> DEFAULT_SLOPE_SITES = List.of("ridge-a", "ridge-b");

  @Option(names = "--sites", split = ",",
      description = "Site ids (default: hill-a,hill-b; the slope scenario ridge-a,ridge-b, devices of its own).")
  List<String> sites;

  @Option(names = "--rain-gauges", defaultValue = "3", description = "Rain gauges per site (default: ${DEFAULT-VALUE}).")
  int rainGauges;

  @Option(names = "--slope-sensors", defaultValue = "4", description = "Slope sensors per site (default: ${DEFAULT-VALUE}).")
  int slopeSensors;

  @Option(names = "--interval", defaultValue = "PT10S", description = "Report interval, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--scenario", defaultValue = "storm",
      description = "calm, storm or slope (days of creep, then rain and a slope accelerating to failure; "
          + "default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = "--failure-in", defaultValue = "PT30M",
      description = "slope scenario: the slope fails this long after the start (default: ${DEFAULT-VALUE}).")
  Duration failureIn;

  @Option(names = "--history", defaultValue = "P28D",
      description = "slope scenario: history published first, before now (default: ${DEFAULT-VALUE}).")
  Duration history;

  @Option(names = "--history-interval", defaultValue = "PT10M",
      description = "slope scenario: report interval of that history (default: ${DEFAULT-VALUE}).")
  Duration historyInterval;

  @Option(names = "--storm-lead", defaultValue = "PT45M",
      description = "How long before now the storm began; that history is published first (default: ${DEFAULT-VALUE}).")
  Duration stormLead;

  @Option(names = "--storm-peak", defaultValue = "120", description = "Storm peak intensity, mm/h (default: ${DEFAULT-VALUE}).")
  double stormPeak;

  @Option(names = "--bad-every", defaultValue = "0", description = "Make every n-th message malformed (0: never).")
  int badEvery;

  @Option(names = "--duration", description = "Stop after this long, ISO-8601, e.g. PT5M (default: until Ctrl-C).")
  Duration duration;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--cameras", defaultValue = "0",
      description = "Simulated cameras per site, publishing JPEG frames on vigil/{site}/camera/camN/frame (default: ${DEFAULT-VALUE}).")
  int cameras;

  @Option(names = "--camera-fps", defaultValue = "5", description = "Frames per second per camera (default: ${DEFAULT-VALUE}).")
  double cameraFps;

  @Option(names = "--camera-frames", defaultValue = ".vigil/data/vtest-frames",
      description = "Folder of a real clip's JPEG frames (infra/fetch-vtest.sh), looped; without frames there, a drawn "
          + "scene whose crowd grows from 3 to 25 people after a minute (default: ${DEFAULT-VALUE}).")
  java.nio.file.Path cameraFrames;

  /** The simulated cameras' options, or null when none are asked for. */
  public org.vigil.simulator.camera.CameraFeedOptions cameraOptions(String mqttUrl) {
    if (cameras <= 0) {
      return null;
    }
    return new org.vigil.simulator.camera.CameraFeedOptions(mqttUrl, sites(), cameras, cameraFps, cameraFrames,
        768, 576, org.vigil.simulator.camera.CameraFeedOptions.DEFAULT_CROWD, duration, seed,
        "vigil-cameras-" + seed);
  }

  /** The sites given, or the scenario's default. */
  private List<String> sites() {
    if (sites != null) {
      return sites;
    }
    return "slope".equalsIgnoreCase(scenario == null ? "" : scenario.trim()) ? DEFAULT_SLOPE_SITES : DEFAULT_SITES;
  }

  /** The run's length, or null to run until stopped. */
  public Duration duration() {
    return duration;
  }

  /** The simulator options for a broker. */
  public SimulatorOptions options(String mqttUrl) {
    SimulatorOptions.Scenario sc;
    try {
      sc = SimulatorOptions.Scenario.valueOf(scenario.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown scenario '" + scenario + "': use calm, storm or slope");
    }
    StormProfile d = StormProfile.DEFAULT;
    return new SimulatorOptions(mqttUrl, sites(), rainGauges, slopeSensors, interval, sc,
        new StormProfile(stormPeak, d.rampMin(), d.holdMin(), d.decayMin()), stormLead, SlopeFailureProfile.DEFAULT,
        failureIn, history, historyInterval, badEvery, duration, seed);
  }
}
