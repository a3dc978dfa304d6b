package org.vigil.cli.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vigil.simulator.SimulatorArgs;
import org.vigil.simulator.SimulatorOptions;

/**
 * The registry {@code ./vigil run} gives the job when {@code VIGIL_REGISTRY_FILE} is not set: the demo registry of
 * the simulator's default fleet ({@code infra/registry/demo.yaml} for the storm and calm scenarios,
 * {@code demo-slope.yaml} for the slope scenario: 3 rain gauges and 4 slope sensors per site, a report every 10 s).
 * A fleet of other sites, counts or interval runs without a registry, as before (its devices would be dead letters
 * or silent).
 */
final class DemoRegistry {

  private DemoRegistry() {}

  /**
   * A copy of the demo registry in {@code dir} whose loudspeakers point at the built-in controllers on {@code port}
   * instead of {@link LoudspeakerReceiver#DEMO_PORT}.
   */
  static Path withLoudspeakerPort(Path demo, Path dir, int port) throws java.io.IOException {
    Files.createDirectories(dir);
    Path copy = dir.resolve("demo-registry-" + port + ".yaml");
    Files.writeString(copy, Files.readString(demo).replace("127.0.0.1:" + LoudspeakerReceiver.DEMO_PORT + "/",
        "127.0.0.1:" + port + "/"));
    return copy;
  }

  /** The demo registry file for this fleet, or null with the reason in {@code why[0]}. */
  static Path choose(Path home, SimulatorOptions o, String[] why) {
    boolean slope = o.scenario() == SimulatorOptions.Scenario.SLOPE;
    List<String> sites = slope ? SimulatorArgs.DEFAULT_SLOPE_SITES : SimulatorArgs.DEFAULT_SITES;
    if (!o.sites().equals(sites) || o.rainGauges() != 3 || o.slopeSensors() != 4
        || !o.interval().equals(Duration.ofSeconds(10))) {
      why[0] = "the simulator's fleet is not the demo's (sites " + sites + ", 3 rain gauges and 4 slope sensors each, "
          + "every 10 s): no registry (set VIGIL_REGISTRY_FILE to one that lists your fleet)";
      return null;
    }
    Path p = home.resolve("infra/registry/" + (slope ? "demo-slope.yaml" : "demo.yaml"));
    if (!Files.isReadable(p)) {
      why[0] = p + " is missing: no registry";
      return null;
    }
    return p;
  }
}
