package org.vigil.jobs.registry;

import org.vigil.registry.Registry;
import org.vigil.registry.RegistryLoader;

/** The parsed registry of the version in force, parsed once per version (operators keep one each, transient). */
public final class RegistryCache {

  private long version = Long.MIN_VALUE;
  private String yaml;
  private Registry registry;

  /** The registry of {@code u}, from the cache when the version and text are the same. */
  public Registry of(RegistryUpdate u) {
    if (registry == null || version != u.version() || !u.yaml().equals(yaml)) {
      registry = RegistryLoader.parse(u.yaml(), "registry v" + u.version());
      version = u.version();
      yaml = u.yaml();
    }
    return registry;
  }
}
