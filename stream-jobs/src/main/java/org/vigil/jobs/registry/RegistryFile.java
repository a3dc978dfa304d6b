package org.vigil.jobs.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryInvalidException;
import org.vigil.registry.RegistryLoader;

/**
 * The registry the job starts with (version 0): the file named by {@code VIGIL_REGISTRY_FILE}. Without one (empty or
 * {@code none}) the job runs without a registry, as before: every site and device is accepted and nothing is rolled
 * up.
 */
public final class RegistryFile {

  private RegistryFile() {}

  /** True when {@code file} names no registry. */
  public static boolean none(String file) {
    return file == null || file.isBlank() || file.strip().equals("none");
  }

  /**
   * Reads and validates the start-up registry; throws {@link IllegalArgumentException} naming the file and every
   * problem ({@code file:line:column: message}); null when {@link #none}.
   */
  public static RegistryUpdate load(String file) {
    if (none(file)) {
      return null;
    }
    Path p = Path.of(file.strip());
    String source = p.toAbsolutePath().normalize().toString();
    String yaml;
    try {
      yaml = Files.readString(p);
    } catch (IOException e) {
      throw new IllegalArgumentException("VIGIL_REGISTRY_FILE: cannot read " + source + ": " + e.getMessage()
          + " (set it to a registry YAML, or unset it to run without a registry)");
    }
    try {
      Registry r = RegistryLoader.parse(yaml, source);
      RegistryCache.offer(0, yaml, r); // a job run in this process (local runs, tests) does not parse it again
      return new RegistryUpdate(0, r.author(), r.comment(), yaml, r.summary(), source);
    } catch (RegistryInvalidException e) {
      StringBuilder b = new StringBuilder("VIGIL_REGISTRY_FILE: the registry " + source + " is invalid:");
      e.problems().forEach(pr -> b.append("\n      ").append(pr));
      throw new IllegalArgumentException(b.toString());
    }
  }
}
