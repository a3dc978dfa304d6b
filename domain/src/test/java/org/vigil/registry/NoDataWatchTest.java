package org.vigil.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * A gauge reporting every 10 s with a factor of 3: silent after 30 s; reports are seen at most every 3 s (a tenth),
 * so a silence counted from a seen report is 3 s + 30 s.
 */
class NoDataWatchTest {

  private static final NoDataPolicy POLICY = new NoDataPolicy(3, Level.YELLOW);

  private static Device gauge(long installedMs) {
    return new Device("hill-a", DeviceKind.RAIN, "rg-1", Double.NaN, Double.NaN, Double.NaN, Duration.ofSeconds(10),
        installedMs);
  }

  @Test
  void aDeviceThatNeverReportsRaisesNoDataAfterItsSilenceFromWhenTheRegistryTookEffect() {
    Device d = gauge(Long.MIN_VALUE);
    DeviceSilence s = DeviceSilence.since(1_000);
    assertThat(NoDataWatch.slackMs(d, POLICY)).isEqualTo(3_000);
    assertThat(NoDataWatch.deadlineMs(d, POLICY, s)).isEqualTo(31_000);
    assertThat(NoDataWatch.onTime(d, POLICY, s, 30_999)).isEmpty();
    AlertEvent opened = NoDataWatch.onTime(d, POLICY, s, 31_500).orElseThrow();
    assertThat(opened.rule()).isEqualTo("no-data");
    assertThat(opened.subject()).isEqualTo("hill-a/rain/rg-1");
    assertThat(opened.state()).isEqualTo(AlertState.OPENED);
    assertThat(opened.level()).isEqualTo(Level.YELLOW);
    assertThat(opened.startedAtMs()).isEqualTo(31_000);
    assertThat(opened.message()).contains("has not reported since it was registered");
    assertThat(NoDataWatch.onTime(d, POLICY, s, 60_000)).as("opened once").isEmpty();

    AlertEvent resolved = NoDataWatch.onReport(d, s, 40_000).orElseThrow();
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.id()).isEqualTo(opened.id());
    assertThat(resolved.level()).isEqualTo(Level.NONE);
    assertThat(resolved.previousLevel()).isEqualTo(Level.YELLOW);
    // Now it stopped after reporting at 40 s: silent from 40 s + 3 s slack + 30 s.
    assertThat(NoDataWatch.deadlineMs(d, POLICY, s)).isEqualTo(73_000);
    assertThat(NoDataWatch.onTime(d, POLICY, s, 72_999)).isEmpty();
    assertThat(NoDataWatch.onTime(d, POLICY, s, 73_000)).get().extracting(AlertEvent::startedAtMs).isEqualTo(73_000L);
  }

  @Test
  void aDeviceInstalledAfterTheRegistryTookEffectIsCountedFromItsInstallation() {
    Device d = gauge(50_000);
    DeviceSilence s = DeviceSilence.since(1_000);
    assertThat(NoDataWatch.deadlineMs(d, POLICY, s)).isEqualTo(80_000);
    assertThat(NoDataWatch.onTime(d, POLICY, s, 79_999)).isEmpty();
    assertThat(NoDataWatch.onTime(d, POLICY, s, 80_000)).isPresent();
  }

  @Test
  void theSlackIsAtMostAMinute() {
    Device hourly = new Device("s", DeviceKind.GNSS, "g", Double.NaN, Double.NaN, Double.NaN, Duration.ofHours(1),
        Long.MIN_VALUE);
    assertThat(NoDataWatch.slackMs(hourly, POLICY)).isEqualTo(60_000);
    assertThat(POLICY.silence(hourly)).isEqualTo(Duration.ofHours(3));
  }
}
