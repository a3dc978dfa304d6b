package org.vigil.cli.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vigil.simulator.SimulatorArgs;

/**
 * The registry {@code ./vigil run} gives the job when {@code VIGIL_REGISTRY_FILE} is not set: the one the simulator
 * plays, so the two cannot disagree (every registered device reports; nothing reports unregistered). By default the
 * demo county, {@code infra/registry/demo.yaml} for the storm and calm scenarios, {@code demo-slope.yaml} for the
 * slope scenario; {@code --registry FILE} another. A fleet of {@code --sites} runs without a registry, as before (its
 * devices would be dead letters or silent).
 */
public final class DemoRegistry {

  /**
   * The demo county's camera settings (VIGIL_CAMERAS_FILE), relative to Vigil's folder: the gorge gate's zone, the
   * ground its camera sees, so that the density of its crowd is the demo's.
   */
  public static final String DEMO_CAMERAS = "infra/registry/demo-cameras.json";

  private DemoRegistry() {}

  /**
   * The demo county's camera settings when {@code registry} is one of the demo county's registries (storm and calm,
   * or slope) in Vigil's folder {@code home} and the file is there; else null.
   */
  public static Path camerasOf(Path registry, Path home) {
    if (registry == null) {
      return null;
    }
    Path r = registry.toAbsolutePath().normalize();
    boolean demo = r.equals(home.resolve(SimulatorArgs.DEMO_REGISTRY).toAbsolutePath().normalize())
        || r.equals(home.resolve(SimulatorArgs.DEMO_SLOPE_REGISTRY).toAbsolutePath().normalize());
    Path cameras = home.resolve(DEMO_CAMERAS);
    return demo && Files.isReadable(cameras) ? cameras : null;
  }

  /**
   * A copy of the demo registry in {@code dir} whose loudspeakers point at the built-in controllers on {@code port}
   * instead of {@link LoudspeakerReceiver#DEMO_PORT}.
   */
  public static Path withLoudspeakerPort(Path demo, Path dir, int port) throws java.io.IOException {
    Files.createDirectories(dir);
    Path copy = dir.resolve("demo-registry-" + port + ".yaml");
    Files.writeString(copy, Files.readString(demo).replace("127.0.0.1:" + LoudspeakerReceiver.DEMO_PORT + "/",
        "127.0.0.1:" + port + "/"));
    return copy;
  }

  /** The registry file the simulator plays, for the job too, or null with the reason in {@code why[0]}. */
  static Path choose(SimulatorArgs simulator, String[] why) {
    Path p = simulator.registryFile();
    if (p == null) {
      why[0] = "the simulator's fleet is given by --sites: no registry (set VIGIL_REGISTRY_FILE to one that lists"
          + " your fleet, or give the simulator --registry)";
      return null;
    }
    if (!Files.isReadable(p)) {
      why[0] = p + " is missing: no registry";
      return null;
    }
    return p;
  }
}
