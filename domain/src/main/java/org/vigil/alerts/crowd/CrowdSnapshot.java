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
 * @param zones one observation per watched zone
 * @param lines one observation per counting line
 */
public record CrowdSnapshot(String site, String cameraId, long timestampMs, double motionEnergy,
    List<ZoneObservation> zones, List<LineObservation> lines) implements Serializable {

  public CrowdSnapshot {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(cameraId, "cameraId");
    zones = zones == null ? List.of() : List.copyOf(zones);
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  /** A frame without counting lines. */
  public CrowdSnapshot(String site, String cameraId, long timestampMs, double motionEnergy,
      List<ZoneObservation> zones) {
    this(site, cameraId, timestampMs, motionEnergy, zones, List.of());
  }

  /** {@code site/camera/cameraId}: the subject of camera-wide alerts (abnormal motion). */
  public String cameraSubject() {
    return site + "/camera/" + cameraId;
  }

  /** {@code site/camera/cameraId/zoneId}: the subject of a zone's alerts. */
  public String zoneSubject(String zoneId) {
    return cameraSubject() + "/" + zoneId;
  }

  /** {@code site/camera/cameraId/line/lineId}: the subject of a counting line's alerts. */
  public String lineSubject(String lineId) {
    return cameraSubject() + "/line/" + lineId;
  }
}
