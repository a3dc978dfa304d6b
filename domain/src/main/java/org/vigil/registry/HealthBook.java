package org.vigil.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Device health from the reports of registered devices: per device the reports received today and this month (UTC
 * days and months, counted at arrival) against those expected by its interval since the registry took effect or its
 * installation (whichever is later), online when it reported within its no-data silence, its newest battery and
 * signal; per site and region the sums and the online count. Flink-free: the caller keeps a {@link DeviceTally} per
 * device and the clock.
 */
public final class HealthBook {

  private HealthBook() {}

  static long dayStart(long ms) {
    return Math.floorDiv(ms, 86_400_000L) * 86_400_000L;
  }

  static long monthStart(long ms) {
    LocalDate d = Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Starts a new day or month when {@code nowMs} is past the one counted. */
  static void roll(DeviceTally t, long nowMs) {
    long day = dayStart(nowMs);
    if (t.dayStartMs != day) {
      t.dayStartMs = day;
      t.reportsToday = 0;
    }
    long month = monthStart(nowMs);
    if (t.monthStartMs != month) {
      t.monthStartMs = month;
      t.reportsMonth = 0;
    }
  }

  /** {@code count} reports arrived at {@code arrivedMs}, the newest with this battery and signal (NaN: none). */
  public static void onReports(DeviceTally t, long count, long arrivedMs, double batteryV, double rssi) {
    roll(t, arrivedMs);
    t.reportsToday += count;
    t.reportsMonth += count;
    t.lastSeenMs = Math.max(t.lastSeenMs, arrivedMs);
    if (!Double.isNaN(batteryV)) {
      t.batteryV = batteryV;
    }
    if (!Double.isNaN(rssi)) {
      t.rssi = rssi;
    }
  }

  /** Reports of {@code d} expected from {@code fromMs} to {@code nowMs}: whole intervals since it was due to report. */
  static long expected(Device d, DeviceTally t, long fromMs, long nowMs) {
    long start = Math.max(fromMs, Math.max(t.watchedSinceMs, d.installedMs()));
    return nowMs <= start ? 0 : (nowMs - start) / d.interval().toMillis();
  }

  /**
   * The device's health at {@code nowMs}. It is online while its last report is within its no-data silence (plus the
   * slack of the reports passed on); one that has not reported since it was watched (or installed, when later) counts
   * as online until that silence has passed since then, as the no-data watch gives it that long before it is silent:
   * a job's start or a new registry version does not make every device offline until it next reports.
   */
  public static DeviceHealth device(Device d, NoDataPolicy p, DeviceTally t, long nowMs) {
    roll(t, nowMs);
    long silence = p.silence(d).toMillis();
    boolean online = t.lastSeenMs != Long.MIN_VALUE
        ? nowMs - t.lastSeenMs <= silence + NoDataWatch.slackMs(d, p)
        : nowMs < Math.max(t.watchedSinceMs, d.installedMs()) + silence;
    return new DeviceHealth("device", d.subject(), d.site(), 1, online ? 1 : 0, t.lastSeenMs, t.batteryV, t.rssi,
        t.reportsToday, expected(d, t, t.dayStartMs, nowMs), t.reportsMonth, expected(d, t, t.monthStartMs, nowMs),
        nowMs);
  }

  /** Every device's health, then every site's and every region's roll-up of it (all devices below, any level). */
  public static List<DeviceHealth> all(Registry r, Map<String, DeviceTally> tallies, long nowMs) {
    List<DeviceHealth> out = new ArrayList<>();
    Map<String, List<DeviceHealth>> bySite = new LinkedHashMap<>();
    r.sites().keySet().forEach(s -> bySite.put(s, new ArrayList<>()));
    for (Device d : r.devices().values()) {
      DeviceTally t = tallies.get(d.subject());
      DeviceHealth h = device(d, r.noData(), t == null ? DeviceTally.since(nowMs) : t, nowMs);
      out.add(h);
      bySite.get(d.site()).add(h);
    }
    Map<String, List<DeviceHealth>> byRegion = new LinkedHashMap<>();
    r.regions().keySet().forEach(id -> byRegion.put(id, new ArrayList<>()));
    for (Site s : r.sites().values()) {
      out.add(sum("site", s.id(), s.id(), s.name(), bySite.get(s.id()), nowMs));
      for (Region region : r.chain(s.region())) {
        byRegion.get(region.id()).addAll(bySite.get(s.id()));
      }
    }
    byRegion.forEach((id, hs) -> out.add(sum("region", id, "", r.regions().get(id).name(), hs, nowMs)));
    return out;
  }

  private static DeviceHealth sum(String scope, String id, String site, String name, List<DeviceHealth> hs,
      long nowMs) {
    int online = 0;
    long last = Long.MIN_VALUE;
    long rt = 0, et = 0, rm = 0, em = 0;
    for (DeviceHealth h : hs) {
      online += h.online();
      last = Math.max(last, h.lastSeenMs());
      rt += h.reportsToday();
      et += h.expectedToday();
      rm += h.reportsMonth();
      em += h.expectedMonth();
    }
    return new DeviceHealth(scope, id, site, hs.size(), online, last, Double.NaN, Double.NaN, rt, et, rm, em, nowMs,
        name);
  }
}
