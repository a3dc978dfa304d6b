package org.vigil.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.vigil.alerts.rules.DurationOption;
import picocli.CommandLine.Option;

/**
 * The simulator's command-line options, shared by {@code vigil simulate} and {@code vigil run} (a picocli mixin).
 * Durations are written as the ruleset writes them ({@link DurationOption}: {@code 10s}, {@code 5m}, {@code PT5M}).
 */
public final class SimulatorArgs {

  /** The demo county's registry of the storm and calm scenarios, relative to Vigil's folder. */
  public static final String DEMO_REGISTRY = "infra/registry/demo.yaml";

  /**
   * The slope scenario's registry: the same county plus two creeping slopes of its own. Their four weeks of history
   * end now; on the storm's devices, which a restored job has analysed up to a few minutes ago, that history would be
   * older than what their analytics hold (stored, dead-lettered as late, not analysed).
   */
  public static final String DEMO_SLOPE_REGISTRY = "infra/registry/demo-slope.yaml";

  /** The sites of the demo county the storm hits: five in Cloudridge Township; the rest of the county stays quiet. */
  public static final List<String> DEMO_STORM_SITES = List.of("upper-hollow-slope", "upper-hollow-gully",
      "eagle-rock-slope", "cedar-ford-gully", "cedar-ford-gauge");

  /** The slopes of the demo county's slope scenario heading for failure (in demo-slope.yaml only). */
  public static final List<String> DEMO_SLOPE_SITES = List.of("hawthorn-ridge", "hawthorn-ridge-north");

  @Option(names = "--registry",
      description = "Registry of regions, sites and devices (YAML) whose every device the simulator plays (default:"
          + " the demo county, " + DEMO_REGISTRY + ", or " + DEMO_SLOPE_REGISTRY + " for the slope scenario; ./vigil"
          + " run: the job's VIGIL_REGISTRY_FILE when set). Not with --sites.")
  Path registry;

  @Option(names = "--sites", split = ",",
      description = "Site ids of a fleet without registry: --rain-gauges and --slope-sensors at each (default: the"
          + " registry's devices).")
  List<String> sites;

  @Option(names = "--affected-sites", split = ",",
      description = "Sites the storm or the slope failure hits; the others see drizzle and publish no history"
          + " (default: the demo county's " + "storm or slope sites when the fleet has them, else every site).")
  List<String> affectedSites;

  @Option(names = "--rain-gauges", defaultValue = "3",
      description = "With --sites: rain gauges per site (default: ${DEFAULT-VALUE}).")
  int rainGauges;

  @Option(names = "--slope-sensors", defaultValue = "4",
      description = "With --sites: slope sensors per site, gnss, tilt, crack, pore in turn"
          + " (default: ${DEFAULT-VALUE}).")
  int slopeSensors;

  /** The registry ./vigil run's job reads, played when neither --registry nor --sites is given. */
  private Path jobRegistry;

  @Option(names = "--interval", defaultValue = "PT10S", converter = DurationOption.class,
      description = "Report interval, e.g. 10s or PT10S (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--scenario", defaultValue = "storm",
      description = "calm, storm or slope (days of creep, then rain and a slope accelerating to failure; "
          + "default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = "--failure-in", defaultValue = "PT30M", converter = DurationOption.class,
      description = "slope scenario: the slope fails this long after the start (default: ${DEFAULT-VALUE}).")
  Duration failureIn;

  @Option(names = "--history", defaultValue = "P28D", converter = DurationOption.class,
      description = "slope scenario: history published first, before now (default: ${DEFAULT-VALUE}).")
  Duration history;

  @Option(names = "--history-interval", defaultValue = "PT10M", converter = DurationOption.class,
      description = "slope scenario: report interval of that history (default: ${DEFAULT-VALUE}).")
  Duration historyInterval;

  @Option(names = "--storm-lead", defaultValue = "PT45M", converter = DurationOption.class,
      description = "How long before now the storm began; that history is published first (default: ${DEFAULT-VALUE}).")
  Duration stormLead;

  @Option(names = "--storm-peak", defaultValue = "120", description = "Storm peak intensity, mm/h (default: ${DEFAULT-VALUE}).")
  double stormPeak;

  @Option(names = "--bad-every", defaultValue = "0", description = "Make every n-th message malformed (0: never).")
  int badEvery;

  @Option(names = "--duration", converter = DurationOption.class,
      description = "Stop after this long, e.g. 5m or PT5M (default: until Ctrl-C).")
  Duration duration;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--cameras",
      description = "Simulated cameras per camera site, publishing JPEG frames on vigil/{site}/camera/camN/frame"
          + " (default: 1 with a registry, 0 with --sites).")
  Integer cameras;

  @Option(names = "--camera-sites", split = ",",
      description = "Sites with cameras (default: the sites whose cameras the registry lists, in the demo county the"
          + " gorge trail's; with --sites, every site). Cameras are named cam1..camN: a registry lists them so.")
  List<String> cameraSites;

  @Option(names = "--camera-fps", defaultValue = "5", description = "Frames per second per camera (default: ${DEFAULT-VALUE}).")
  double cameraFps;

  @Option(names = "--camera-frames",
      description = "Folder of a real clip's JPEG frames, looped, e.g. .vigil/data/vtest-frames (infra/fetch-vtest.sh)"
          + " (default: a drawn scene whose crowd grows from 3 to 7 people from 20 s to 40 s, whose density in the"
          + " demo county is known: see ./vigil run --holiday-at).")
  java.nio.file.Path cameraFrames;

  private Path loadedFile;
  private RegistryFleet loaded;

  /** The simulated cameras' options, or null when none are asked for. */
  public org.vigil.simulator.camera.CameraFeedOptions cameraOptions(String mqttUrl) {
    int n = cameras != null ? cameras : sites != null ? 0 : 1;
    if (n <= 0) {
      return null;
    }
    List<String> fleet = options(mqttUrl).sites();
    List<String> at = cameraSites;
    if (at == null) {
      Path file = registryFile();
      // With a registry, the sites whose cameras it lists (kind: camera; the job dead-letters frames of others).
      at = file == null ? fleet : fleet(file).cameraSites();
      if (at.isEmpty()) {
        return null;
      }
    }
    return new org.vigil.simulator.camera.CameraFeedOptions(mqttUrl, at, n, cameraFps, cameraFrames,
        768, 576, org.vigil.simulator.camera.CameraFeedOptions.DEFAULT_CROWD, duration, seed,
        "vigil-cameras-" + seed);
  }

  /** The run's length, or null to run until stopped. */
  public Duration duration() {
    return duration;
  }

  /** Whether the slope scenario is asked for. */
  private boolean slope() {
    return "slope".equalsIgnoreCase(scenario == null ? "" : scenario.trim());
  }

  /**
   * Plays the registry the job of {@code ./vigil run} reads (its VIGIL_REGISTRY_FILE) unless --registry or --sites
   * say otherwise, so that every registered device reports.
   */
  public void playJobRegistry(Path file) {
    this.jobRegistry = file;
  }

  /**
   * The registry whose devices are played, resolved against Vigil's folder ({@code vigil.home}, else the working
   * directory); null for a fleet of --sites.
   */
  public Path registryFile() {
    if (sites != null) {
      return null;
    }
    if (registry != null) {
      return registry;
    }
    if (jobRegistry != null) {
      return jobRegistry;
    }
    return Path.of(System.getProperty("vigil.home", ".")).resolve(slope() ? DEMO_SLOPE_REGISTRY : DEMO_REGISTRY)
        .toAbsolutePath().normalize();
  }

  /** The registry's fleet, read and parsed once per file (the options and the cameras both need it). */
  private RegistryFleet fleet(Path file) {
    if (!file.equals(loadedFile)) {
      loaded = RegistryFleet.of(file);
      loadedFile = file;
    }
    return loaded;
  }

  /** The simulator options for a broker. */
  public SimulatorOptions options(String mqttUrl) {
    SimulatorOptions.Scenario sc;
    try {
      sc = SimulatorOptions.Scenario.valueOf(scenario.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown scenario '" + scenario + "': use calm, storm or slope");
    }
    if (sites != null && registry != null) {
      throw new IllegalArgumentException("give --registry or --sites, not both");
    }
    List<FleetDevice> devices = List.of();
    List<String> fleetSites = sites;
    Path file = registryFile();
    if (file != null) {
      devices = fleet(file).sensors();
      fleetSites = devices.stream().map(FleetDevice::site).distinct().toList();
    }
    List<String> affected = affectedSites;
    if (affected == null) {
      List<String> demo = sc == SimulatorOptions.Scenario.SLOPE ? DEMO_SLOPE_SITES : DEMO_STORM_SITES;
      affected = demo.stream().filter(fleetSites::contains).toList();
    }
    StormProfile d = StormProfile.DEFAULT;
    return new SimulatorOptions(mqttUrl, fleetSites, rainGauges, slopeSensors, interval, sc,
        new StormProfile(stormPeak, d.rampMin(), d.holdMin(), d.decayMin()), stormLead, SlopeFailureProfile.DEFAULT,
        failureIn, history, historyInterval, badEvery, duration, seed, devices, affected);
  }
}
