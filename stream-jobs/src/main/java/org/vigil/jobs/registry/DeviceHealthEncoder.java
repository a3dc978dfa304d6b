package org.vigil.jobs.registry;

import org.vigil.connectors.influx.InfluxEncoder;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.registry.DeviceHealth;

/**
 * Measurement {@code device_health}, tags {@code scope} (device, site, region) and {@code id} (subject, site or region
 * id: unique within a scope, so every device, site and region is a series of its own); one point per series and
 * emission minute (one writer).
 */
public final class DeviceHealthEncoder implements InfluxEncoder<DeviceHealth> {
  private static final long serialVersionUID = 1L;

  @Override
  public void encode(DeviceHealth h, LineProtocol.Builder out) {
    out.measurement("device_health")
        .tag("scope", h.scope())
        .tag("id", h.id())
        .field("devices", (long) h.devices())
        .field("online", (long) h.online())
        .field("online_share", h.onlineShare())
        .field("reports_today", h.reportsToday())
        .field("expected_today", h.expectedToday())
        .field("share_today", h.shareToday()) // NaN (nothing expected yet) is skipped
        .field("reports_month", h.reportsMonth())
        .field("expected_month", h.expectedMonth())
        .field("share_month", h.shareMonth())
        .field("battery_v", h.batteryV())
        .field("rssi", h.rssi());
    if (h.lastSeenMs() != Long.MIN_VALUE) {
      out.field("last_seen_ms", h.lastSeenMs());
    }
    out.timestamp(h.atMs());
  }
}
