package org.vigil.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Device health worked by hand. Day D = 2026-12-07 (UTC); the month began 2026-12-01. Gauges report every 10 s,
 * silent after 3 intervals (30 s) plus the 3 s slack.
 */
class HealthBookTest {

  private static final long D = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
  private static final long S = 1_000;

  private static final Registry R = RegistryLoader.parse("""
      regions:
        - {id: c, level: county}
        - {id: t, level: township, parent: c}
      sites:
        - id: s1
          region: t
          location: {lat: 30, lon: 103}
          devices:
            - {id: rg-1, kind: rain, interval: 10s}
            - {id: rg-2, kind: rain, interval: 10s, installed: "2026-12-07T00:05:00Z"}
      """, "h.yaml");

  @Test
  void aDeviceCountsItsReportsAgainstItsIntervalSinceItWasWatched() {
    Device d = R.device("s1/rain/rg-1");
    DeviceTally t = DeviceTally.since(D + 30 * S);
    HealthBook.onReports(t, 49, D + 590 * S, 3.61, Double.NaN);
    HealthBook.onReports(t, 1, D + 595 * S, Double.NaN, -71);
    // At 10 min: (600 - 30) s / 10 s = 57 expected today and this month; 50 received; seen 5 s ago: online.
    DeviceHealth h = HealthBook.device(d, R.noData(), t, D + 600 * S);
    assertThat(h.expectedToday()).isEqualTo(57);
    assertThat(h.reportsToday()).isEqualTo(50);
    assertThat(h.shareToday()).isEqualTo(50.0 / 57);
    HealthBook.onReports(t, 10, D + 595 * S, Double.NaN, Double.NaN); // 60 of 57 expected: the share is capped at 1
    assertThat(HealthBook.device(d, R.noData(), t, D + 600 * S).shareToday()).isEqualTo(1.0);
    t.reportsToday -= 10;
    t.reportsMonth -= 10;
    assertThat(h.expectedMonth()).isEqualTo(57);
    assertThat(h.online()).isEqualTo(1);
    assertThat(h.batteryV()).isEqualTo(3.61);
    assertThat(h.rssi()).isEqualTo(-71);
    // 33 s after its last report it is still online, 34 s after it is not.
    assertThat(HealthBook.device(d, R.noData(), t, D + 628 * S).online()).isEqualTo(1);
    assertThat(HealthBook.device(d, R.noData(), t, D + 629 * S).online()).isZero();
    // The next day at 00:01:40: today starts afresh (100 s: 10 expected, none received); the month goes on:
    // (86,400 + 100 - 30) s / 10 s = 8,647 expected, 50 received.
    DeviceHealth next = HealthBook.device(d, R.noData(), t, D + 86_500 * S);
    assertThat(next.reportsToday()).isZero();
    assertThat(next.expectedToday()).isEqualTo(10);
    assertThat(next.reportsMonth()).isEqualTo(50);
    assertThat(next.expectedMonth()).isEqualTo(8_647);
  }

  @Test
  void aDeviceIsExpectedFromItsInstallationWhenLaterAndRollsUpToSitesAndRegions() {
    Map<String, DeviceTally> tallies = new HashMap<>();
    DeviceTally t1 = DeviceTally.since(D);
    HealthBook.onReports(t1, 60, D + 598 * S, Double.NaN, Double.NaN);
    tallies.put("s1/rain/rg-1", t1);
    tallies.put("s1/rain/rg-2", DeviceTally.since(D)); // installed at 00:05: 30 expected by 00:10, none received
    List<DeviceHealth> all = HealthBook.all(R, tallies, D + 600 * S);
    assertThat(all).extracting(DeviceHealth::scope, DeviceHealth::id).containsExactly(
        org.assertj.core.groups.Tuple.tuple("device", "s1/rain/rg-1"),
        org.assertj.core.groups.Tuple.tuple("device", "s1/rain/rg-2"),
        org.assertj.core.groups.Tuple.tuple("site", "s1"),
        org.assertj.core.groups.Tuple.tuple("region", "c"),
        org.assertj.core.groups.Tuple.tuple("region", "t"));
    assertThat(all.get(1).expectedToday()).isEqualTo(30);
    assertThat(all.get(1).online()).isZero();
    // The site and both regions: 2 devices, 1 online (0.5); 60 of 60 + 30 = 90 expected today.
    for (DeviceHealth h : all.subList(2, 5)) {
      assertThat(h.devices()).isEqualTo(2);
      assertThat(h.onlineShare()).isEqualTo(0.5);
      assertThat(h.reportsToday()).isEqualTo(60);
      assertThat(h.expectedToday()).isEqualTo(90);
      assertThat(h.lastSeenMs()).isEqualTo(D + 598 * S);
    }
  }

  @Test
  void aDeviceThatHasNotReportedYetIsOnlineUntilItsSilenceHasPassedSinceItWasWatched() {
    // rg-1 watched from 00:00:30, never reported: silence 3 x 10 s = 30 s, so online up to 00:00:59.999 and offline
    // from 00:01:00, when the no-data watch would call it silent. rg-2, installed at 00:05, is given its 30 s from
    // its installation: online at 00:05:29, offline at 00:05:30.
    Device rg1 = R.device("s1/rain/rg-1");
    DeviceTally t = DeviceTally.since(D + 30 * S);
    assertThat(HealthBook.device(rg1, R.noData(), t, D + 59 * S).online()).isEqualTo(1);
    assertThat(HealthBook.device(rg1, R.noData(), t, D + 60 * S).online()).isZero();
    Device rg2 = R.device("s1/rain/rg-2");
    DeviceTally t2 = DeviceTally.since(D + 30 * S);
    assertThat(HealthBook.device(rg2, R.noData(), t2, D + 329 * S).online()).isEqualTo(1);
    assertThat(HealthBook.device(rg2, R.noData(), t2, D + 330 * S).online()).isZero();
    // The no-data watch's deadline for the same devices is the same instant.
    DeviceSilence s1 = new DeviceSilence();
    s1.watchedSinceMs = D + 30 * S;
    assertThat(NoDataWatch.deadlineMs(rg1, R.noData(), s1)).isEqualTo(D + 60 * S);
  }
}
