package org.vigil.alerts.crowd;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What one analysed frame of one camera says about its crowd: the input of {@link CrowdRules}.
 *
 * @param site site id
 * @param cameraId camera id
 * @param timestampMs the frame's capture time, epoch ms
 * @param motionEnergy frame-wide motion energy (mean optical-flow magnitude of moving pixels, px per frame)
 * @param zones one count per watched zone
 */
public record CrowdSnapshot(String site, String cameraId, long timestampMs, double motionEnergy,
    List<ZoneObservation> zones) implements Serializable {

  public CrowdSnapshot {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(cameraId, "cameraId");
    zones = zones == null ? List.of() : List.copyOf(zones);
  }

  /** {@code site/camera/cameraId}: the subject of camera-wide alerts (abnormal motion). */
  public String cameraSubject() {
    return site + "/camera/" + cameraId;
  }

  /** {@code site/camera/cameraId/zoneId}: the subject of a zone's alerts. */
  public String zoneSubject(String zoneId) {
    return cameraSubject() + "/" + zoneId;
  }
}
