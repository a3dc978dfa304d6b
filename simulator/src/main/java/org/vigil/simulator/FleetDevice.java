package org.vigil.simulator;

import java.util.Objects;
import org.vigil.core.SensorKind;

/**
 * One simulated device: a sensor of a kind at a site, publishing on {@code vigil/{site}/{kind}/{id}/data}.
 *
 * @param site site id
 * @param kind sensor kind
 * @param id sensor id, unique per site and kind
 */
public record FleetDevice(String site, SensorKind kind, String id) {

  public FleetDevice {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }
}
