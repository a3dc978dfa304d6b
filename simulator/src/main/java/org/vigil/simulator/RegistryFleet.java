package org.vigil.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vigil.registry.Device;
import org.vigil.registry.DeviceKind;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryInvalidException;
import org.vigil.registry.RegistryLoader;

/** The devices of a registry file, as the simulator plays them: every registered device reports. */
public final class RegistryFleet {

  private RegistryFleet() {}

  /**
   * Every sensor of the registry, in the file's order (its cameras are played by the camera simulator:
   * {@link #cameraSites}).
   *
   * @throws IllegalArgumentException when the file cannot be read, is not a valid registry or has no devices
   */
  public static List<FleetDevice> devices(Path file) {
    Registry r = load(file);
    if (r.devices().isEmpty()) {
      throw new IllegalArgumentException("simulator: the registry " + file + " lists no devices");
    }
    return r.devices().values().stream().filter(d -> d.kind().sensorKind().isPresent())
        .map(d -> new FleetDevice(d.site(), d.kind().sensorKind().get(), d.id())).toList();
  }

  /** The sites with a registered camera ({@code kind: camera}), in the file's order. */
  public static List<String> cameraSites(Path file) {
    return load(file).devices().values().stream().filter(d -> d.kind() == DeviceKind.CAMERA).map(Device::site)
        .distinct().toList();
  }

  private static Registry load(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("simulator: cannot read the registry " + file + " (" + e
          + "); give --registry FILE, or --sites for a fleet without registry", e);
    }
    try {
      return RegistryLoader.parse(yaml, file.toString());
    } catch (RegistryInvalidException e) {
      throw new IllegalArgumentException("simulator: the registry is not valid:\n" + e.getMessage(), e);
    }
  }
}
