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
public record RegistryFleet(List<FleetDevice> sensors, List<String> cameraSites) {

  public RegistryFleet {
    sensors = List.copyOf(sensors);
    cameraSites = List.copyOf(cameraSites);
  }

  /**
   * The registry's sensors, in the file's order, and the sites with a registered camera ({@code kind: camera}; the
   * camera simulator plays those), read and parsed once.
   *
   * @throws IllegalArgumentException when the file cannot be read, is not a valid registry or has no devices
   */
  public static RegistryFleet of(Path file) {
    Registry r = load(file);
    if (r.devices().isEmpty()) {
      throw new IllegalArgumentException("simulator: the registry " + file + " lists no devices");
    }
    return new RegistryFleet(
        r.devices().values().stream().filter(d -> d.kind().sensorKind().isPresent())
            .map(d -> new FleetDevice(d.site(), d.kind().sensorKind().get(), d.id())).toList(),
        r.devices().values().stream().filter(d -> d.kind() == DeviceKind.CAMERA).map(Device::site).distinct()
            .toList());
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
