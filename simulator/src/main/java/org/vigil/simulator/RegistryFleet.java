package org.vigil.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryInvalidException;
import org.vigil.registry.RegistryLoader;

/** The devices of a registry file, as the simulator plays them: every registered device reports. */
public final class RegistryFleet {

  private RegistryFleet() {}

  /**
   * Every device of the registry, in the file's order.
   *
   * @throws IllegalArgumentException when the file cannot be read, is not a valid registry or has no devices
   */
  public static List<FleetDevice> devices(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("simulator: cannot read the registry " + file + " (" + e
          + "); give --registry FILE, or --sites for a fleet without registry", e);
    }
    Registry r;
    try {
      r = RegistryLoader.parse(yaml, file.toString());
    } catch (RegistryInvalidException e) {
      throw new IllegalArgumentException("simulator: the registry is not valid:\n" + e.getMessage(), e);
    }
    List<FleetDevice> out = r.devices().values().stream()
        .map(d -> new FleetDevice(d.site(), d.kind(), d.id())).toList();
    if (out.isEmpty()) {
      throw new IllegalArgumentException("simulator: the registry " + file + " lists no devices");
    }
    return out;
  }
}
