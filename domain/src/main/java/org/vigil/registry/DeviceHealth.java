package org.vigil.registry;

import java.util.Objects;

/**
 * The health of one registered device, or the roll-up of a site's or region's devices: how many are online now, and
 * the share of the expected reports received today and this month (UTC, counted at arrival).
 *
 * @param scope {@code device}, {@code site} or {@code region}
 * @param id the device's subject ({@code site/kind/id}), the site id or the region id
 * @param site the site (empty for a region)
 * @param devices registered devices (1 for a device)
 * @param online of those, reporting within their no-data silence
 * @param lastSeenMs newest report among them, epoch ms; {@link Long#MIN_VALUE} when none
 * @param batteryV a device's newest battery voltage, NaN when not reported (and for roll-ups)
 * @param rssi a device's newest signal strength, dBm; NaN when not reported (and for roll-ups)
 * @param reportsToday reports received on time today (device time within the no-data silence of their arrival)
 * @param expectedToday reports expected so far today (by interval, since the registry took effect or installation)
 * @param reportsMonth reports received this month
 * @param expectedMonth reports expected so far this month
 * @param atMs when it was judged, epoch ms
 * @param name what people call it: the site's or region's name from the registry, a device's subject (the id when
 *     the registry gives none)
 */
public record DeviceHealth(String scope, String id, String site, int devices, int online, long lastSeenMs,
    double batteryV, double rssi, long reportsToday, long expectedToday, long reportsMonth, long expectedMonth,
    long atMs, String name) {

  public DeviceHealth {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(id, "id");
    site = site == null ? "" : site;
    name = name == null || name.isBlank() ? id : name;
  }

  /** Health named by its id. */
  public DeviceHealth(String scope, String id, String site, int devices, int online, long lastSeenMs,
      double batteryV, double rssi, long reportsToday, long expectedToday, long reportsMonth, long expectedMonth,
      long atMs) {
    this(scope, id, site, devices, online, lastSeenMs, batteryV, rssi, reportsToday, expectedToday, reportsMonth,
        expectedMonth, atMs, id);
  }

  /** online ÷ devices; 1 for none. */
  public double onlineShare() {
    return devices == 0 ? 1 : (double) online / devices;
  }

  /** Received ÷ expected today, at most 1 (a report more than whole intervals allow); NaN while none is expected. */
  public double shareToday() {
    return expectedToday == 0 ? Double.NaN : Math.min(1, (double) reportsToday / expectedToday);
  }

  /** Received ÷ expected this month, at most 1; NaN while none is expected. */
  public double shareMonth() {
    return expectedMonth == 0 ? Double.NaN : Math.min(1, (double) reportsMonth / expectedMonth);
  }
}
