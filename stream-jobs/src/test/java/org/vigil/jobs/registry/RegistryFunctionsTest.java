package org.vigil.jobs.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.DeadLetter;
import org.vigil.core.Frame;
import org.vigil.core.Level;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;
import org.vigil.core.SiteRisk;
import org.vigil.registry.DeviceHealth;
import org.vigil.registry.RegionRisk;

/**
 * The registry's operators in Flink's harnesses: the gate under a hot reload, the no-data watch on the wall clock
 * (a device that never reports, one that stops, one removed by a reload) and the roll-up on a reload.
 */
class RegistryFunctionsTest {

  private static final String TREE = """
      regions:
        - {id: c, level: county}
        - {id: t, level: township, parent: c}
        - {id: v, level: village, parent: t}
      """;

  /** Version 0: hill-a with rg-1 and rg-2, reporting every 10 s; silent after 3 intervals (30 s). */
  private static final RegistryUpdate V0 = new RegistryUpdate(0, "", "", TREE + """
      noData: {factor: 3, level: yellow}
      sites:
        - id: hill-a
          region: v
          location: {lat: 30, lon: 103}
          devices:
            - {id: rg-1, kind: rain, interval: 10s}
            - {id: rg-2, kind: rain, interval: 10s}
      """, "", "file");

  /** Version 1: rg-2 removed, rg-9 added, site hill-b added directly in the township. */
  private static final RegistryUpdate V1 = new RegistryUpdate(1, "", "", "version: 1\n" + TREE + """
      noData: {factor: 3, level: yellow}
      sites:
        - id: hill-a
          region: v
          location: {lat: 30, lon: 103}
          devices:
            - {id: rg-1, kind: rain, interval: 10s}
            - {id: rg-9, kind: rain, interval: 10s}
        - {id: hill-b, region: t, location: {lat: 30, lon: 103}}
      """, "", "vigil/config/registry/vigil-tools");

  private static Reading rain(String site, String id, long ts) {
    return new Reading(site, SensorKind.RAIN, id, ts, -1, Map.of("rain_mm", 1.0), Double.NaN, Double.NaN, Map.of());
  }

  @Test
  void theGateDeadLettersUnknownSitesAndDevicesAndTakesANewVersionAtOnce() throws Exception {
    BroadcastOperatorTestHarness<Reading, RegistryUpdate, Reading> h = ProcessFunctionTestHarnesses
        .forBroadcastProcessFunction(new RegistryGateFunction(V0), RegistryGateFunction.REGISTRY);
    h.setProcessingTime(1_000);
    h.processElement(rain("hill-a", "rg-1", 1_000), 1_000);
    h.processElement(rain("hill-a", "rg-9", 1_000), 1_000);
    h.processElement(rain("hill-z", "rg-1", 1_000), 1_000);
    assertThat(h.extractOutputValues()).extracting(Reading::subject).containsExactly("hill-a/rain/rg-1");
    assertThat(h.getSideOutput(RegistryGateFunction.DEAD_LETTERS)).extracting(StreamRecord::getValue)
        .extracting(DeadLetter::reason, DeadLetter::topic)
        .containsExactly(tuple("unknown_device", "vigil/hill-a/rain/rg-9/data"),
            tuple("unknown_site", "vigil/hill-z/rain/rg-1/data"));
    assertThat(h.getSideOutput(RegistryGateFunction.SEEN)).extracting(StreamRecord::getValue)
        .containsExactly(new DeviceSeen("hill-a/rain/rg-1", 1_000));

    h.processBroadcastElement(V1, 1_100);
    h.processBroadcastElement(V0, 1_200); // older: ignored
    h.setProcessingTime(1_500);
    h.processElement(rain("hill-a", "rg-9", 1_500), 1_500);
    h.processElement(rain("hill-a", "rg-2", 1_500), 1_500);
    assertThat(h.extractOutputValues()).extracting(Reading::subject)
        .containsExactly("hill-a/rain/rg-1", "hill-a/rain/rg-9");
    assertThat(h.getSideOutput(RegistryGateFunction.DEAD_LETTERS)).hasSize(3).last()
        .extracting(r -> r.getValue().reason()).isEqualTo("unknown_device");
    h.close();
  }

  @Test
  void theGateThinsOutWhatItTellsTheNoDataWatch() throws Exception {
    BroadcastOperatorTestHarness<Reading, RegistryUpdate, Reading> h = ProcessFunctionTestHarnesses
        .forBroadcastProcessFunction(new RegistryGateFunction(V0), RegistryGateFunction.REGISTRY);
    // rg-1 every second for 7 s: seen at 0 s, 3 s and 6 s (a tenth of its 30 s silence apart).
    for (long t = 0; t <= 7_000; t += 1_000) {
      h.setProcessingTime(10_000 + t);
      h.processElement(rain("hill-a", "rg-1", t), t);
    }
    assertThat(h.getSideOutput(RegistryGateFunction.SEEN)).extracting(r -> r.getValue().arrivedAtMs())
        .containsExactly(10_000L, 13_000L, 16_000L);
    // With how many readings arrived since the previous one: the first, then 11-13 s and 14-16 s.
    assertThat(h.getSideOutput(RegistryGateFunction.SEEN)).extracting(r -> r.getValue().count())
        .containsExactly(1L, 3L, 3L);
    assertThat(h.extractOutputValues()).hasSize(8);
    // History (device time an hour before its arrival) is passed on and shows the device alive, but is not counted
    // as a report on time.
    h.setProcessingTime(30_000);
    h.processElement(rain("hill-a", "rg-1", 30_000 - 3_600_000), 30_000 - 3_600_000);
    assertThat(h.getSideOutput(RegistryGateFunction.SEEN)).hasSize(4).last()
        .extracting(r -> r.getValue().count()).isEqualTo(1L); // the one left from 17 s
    h.close();
  }

  /** Version 0 with a camera at hill-a: a frame at least every second, silent after 3 s. */
  private static final RegistryUpdate WITH_CAMERA = new RegistryUpdate(0, "", "",
      V0.yaml() + "      - {id: cam1, kind: camera, interval: 1s}\n", "", "file");

  private static Frame frame(String site, String camera, long ts) {
    return new Frame(site, camera, ts, -1, 768, 576, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
  }

  @Test
  void theCameraGateDeadLettersUnregisteredCamerasAndCountsAFramePerInterval() throws Exception {
    KeyedBroadcastOperatorTestHarness<String, Frame, RegistryUpdate, Frame> h = ProcessFunctionTestHarnesses
        .forKeyedBroadcastProcessFunction(new FrameGateFunction(WITH_CAMERA), Frame::subject, Types.STRING,
            RegistryGateFunction.REGISTRY);
    // cam1 at 5 frames/s for 2 s: every frame goes on to the crowd analysis.
    for (long t = 0; t <= 2_000; t += 200) {
      h.setProcessingTime(10_000 + t);
      h.processElement(frame("hill-a", "cam1", 10_000 + t), 10_000 + t);
    }
    h.processElement(frame("hill-a", "cam2", 12_000), 12_000);
    h.processElement(frame("hill-z", "cam1", 12_000), 12_000);
    assertThat(h.extractOutputValues()).hasSize(11).extracting(Frame::subject).containsOnly("hill-a/camera/cam1");
    assertThat(h.getSideOutput(RegistryGateFunction.DEAD_LETTERS)).extracting(StreamRecord::getValue)
        .extracting(DeadLetter::reason, DeadLetter::topic)
        .containsExactly(tuple("unknown_device", "vigil/hill-a/camera/cam2/frame"),
            tuple("unknown_site", "vigil/hill-z/camera/cam1/frame"));
    assertThat(h.getSideOutput(RegistryGateFunction.DEAD_LETTERS).peek().getValue().detail())
        .contains("camera 'cam2' is not registered at site 'hill-a'", "kind: camera");
    // Told at most every tenth of its 3 s silence (300 ms): at 0, 400, 800, 1200, 1600 and 2000 ms. One expected
    // report per 1 s slot of the clock is counted (the first frames of the slots at 10, 11 and 12 s: those at 0,
    // 1000 and 2000 ms), not all eleven frames.
    assertThat(h.getSideOutput(RegistryGateFunction.SEEN)).extracting(r -> r.getValue().arrivedAtMs())
        .containsExactly(10_000L, 10_400L, 10_800L, 11_200L, 11_600L, 12_000L);
    assertThat(h.getSideOutput(RegistryGateFunction.SEEN)).extracting(r -> r.getValue().count())
        .containsExactly(1L, 0L, 0L, 1L, 0L, 1L);
    // Frames with jitter, 1,150 ms apart from 13.9 s: 13.9 (slot 13), 15.05 (15), 16.2 (16), 17.35 (17): each its own
    // slot, so all four count although the gaps differ; two in slot 18 (18.5, 18.9) count once.
    long[] at = {13_900, 15_050, 16_200, 17_350, 18_500, 18_900};
    for (long t : at) {
      h.setProcessingTime(t);
      h.processElement(frame("hill-a", "cam1", t), t);
    }
    assertThat(h.getSideOutput(RegistryGateFunction.SEEN).stream().skip(6).mapToLong(r -> r.getValue().count())
        .sum()).isEqualTo(5);
    h.close();
  }

  @Test
  void aRegisteredCameraThatNeverSendsAFrameRaisesNoData() throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new NoDataFunction(WITH_CAMERA), List.of(RegistryGateFunction.REGISTRY)),
        (DeviceSeen s) -> NoDataFunction.KEY, Types.STRING, 1, 1, 0);
    h.open();
    h.setProcessingTime(1_000);
    h.processElement(new DeviceSeen("hill-a/rain/rg-1", 1_000), 1_000);
    h.setProcessingTime(3_999);
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(4_000); // 1 s + 3 intervals of 1 s
    assertThat(h.extractOutputValues()).extracting(AlertEvent::subject, AlertEvent::state, AlertEvent::level)
        .containsExactly(tuple("hill-a/camera/cam1", AlertState.OPENED, Level.YELLOW));
    h.close();
  }

  private static KeyedBroadcastOperatorTestHarness<String, DeviceSeen, RegistryUpdate, AlertEvent> noData()
      throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new NoDataFunction(V0), List.of(RegistryGateFunction.REGISTRY)),
        s -> NoDataFunction.KEY, Types.STRING, 1, 1, 0);
  }

  /**
   * rg-1 reports at 1 s (the registry took effect then) and stops; rg-2 never reports. rg-2 is silent at 1 + 30 s,
   * rg-1 at 1 + 3 (slack) + 30 s. rg-1 reports again at 40 s: resolved. A reload removes rg-2 (its alert resolves)
   * and adds rg-9, watched from the reload's arrival at the next report (45 s): silent at 75 s.
   */
  @Test
  void theNoDataWatchRaisesNoDataForSilentAndNeverReportingDevicesAndFollowsAReload() throws Exception {
    var h = noData();
    h.open();
    h.setProcessingTime(1_000);
    h.processElement(new DeviceSeen("hill-a/rain/rg-1", 1_000), 1_000);
    h.setProcessingTime(30_999);
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(31_000);
    assertThat(h.extractOutputValues()).extracting(AlertEvent::subject, AlertEvent::state, AlertEvent::level,
        AlertEvent::startedAtMs).containsExactly(tuple("hill-a/rain/rg-2", AlertState.OPENED, Level.YELLOW, 31_000L));
    h.setProcessingTime(34_000);
    assertThat(h.extractOutputValues()).hasSize(2).last()
        .extracting(AlertEvent::subject, AlertEvent::state, AlertEvent::startedAtMs)
        .containsExactly("hill-a/rain/rg-1", AlertState.OPENED, 34_000L);

    OperatorSubtaskState snapshot = h.snapshot(1, 35_000);
    h.close();
    var r = noData(); // restored: the open alerts and the watch go on
    r.initializeState(snapshot);
    r.open();
    r.setProcessingTime(40_000);
    r.processElement(new DeviceSeen("hill-a/rain/rg-1", 40_000), 40_000);
    assertThat(r.extractOutputValues()).extracting(AlertEvent::subject, AlertEvent::state)
        .containsExactly(tuple("hill-a/rain/rg-1", AlertState.RESOLVED));

    r.processBroadcastElement(V1, 44_000);
    r.setProcessingTime(45_000);
    r.processElement(new DeviceSeen("hill-a/rain/rg-1", 45_000), 45_000);
    assertThat(r.extractOutputValues()).hasSize(2).last()
        .extracting(AlertEvent::subject, AlertEvent::state, AlertEvent::level)
        .containsExactly("hill-a/rain/rg-2", AlertState.RESOLVED, Level.NONE);
    r.setProcessingTime(74_999);
    assertThat(r.extractOutputValues()).hasSize(2);
    r.setProcessingTime(75_000);
    assertThat(r.extractOutputValues()).hasSize(3).last()
        .extracting(AlertEvent::subject, AlertEvent::state, AlertEvent::startedAtMs)
        .containsExactly("hill-a/rain/rg-9", AlertState.OPENED, 75_000L);
    r.close();
  }

  private static KeyedBroadcastOperatorTestHarness<String, DeviceSeen, RegistryUpdate, DeviceHealth> health()
      throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new DeviceHealthFunction(V0), List.of(RegistryGateFunction.REGISTRY)),
        s -> NoDataFunction.KEY, Types.STRING, 1, 1, 0);
  }

  /**
   * Registry in effect at 1 s; rg-1 reports once then (at 100 s) twice more; rg-2 never. Every minute: at 60 s each
   * gauge was expected (60 - 1) s / 10 s = 5 times; at 120 s, 11 times; rg-1 is online at 120 s (20 s after its
   * report, within 30 s + 3 s), so its site and every region have 1 of 2 devices online.
   */
  @Test
  void deviceHealthIsEmittedEveryMinutePerDeviceSiteAndRegion() throws Exception {
    var h = health();
    h.open();
    h.setProcessingTime(1_000);
    h.processElement(new DeviceSeen("hill-a/rain/rg-1", 1_000, 1, 3.6, -70), 1_000);
    h.setProcessingTime(60_000);
    List<DeviceHealth> first = h.extractOutputValues();
    assertThat(first).extracting(DeviceHealth::scope, DeviceHealth::id, DeviceHealth::devices, DeviceHealth::online,
        DeviceHealth::reportsToday, DeviceHealth::expectedToday).containsExactly(
            tuple("device", "hill-a/rain/rg-1", 1, 0, 1L, 5L), tuple("device", "hill-a/rain/rg-2", 1, 0, 0L, 5L),
            tuple("site", "hill-a", 2, 0, 1L, 10L), tuple("region", "c", 2, 0, 1L, 10L),
            tuple("region", "t", 2, 0, 1L, 10L), tuple("region", "v", 2, 0, 1L, 10L));
    assertThat(first.get(0).batteryV()).isEqualTo(3.6);
    h.setProcessingTime(100_000);
    h.processElement(new DeviceSeen("hill-a/rain/rg-1", 100_000, 2, Double.NaN, Double.NaN), 100_000);
    h.setProcessingTime(120_000);
    List<DeviceHealth> second = h.extractOutputValues().subList(6, 12);
    assertThat(second).extracting(DeviceHealth::id, DeviceHealth::online, DeviceHealth::reportsToday,
        DeviceHealth::expectedToday).containsExactly(tuple("hill-a/rain/rg-1", 1, 3L, 11L),
            tuple("hill-a/rain/rg-2", 0, 0L, 11L), tuple("hill-a", 1, 3L, 22L), tuple("c", 1, 3L, 22L),
            tuple("t", 1, 3L, 22L), tuple("v", 1, 3L, 22L));
    assertThat(second.get(3).onlineShare()).isEqualTo(0.5);
    assertThat(second.get(0).batteryV()).as("the newest battery reported").isEqualTo(3.6);
    h.close();
  }

  private static KeyedBroadcastOperatorTestHarness<String, SiteRisk, RegistryUpdate, RegionRisk> rollup()
      throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new RegionRollupFunction(V0), List.of(RegistryGateFunction.REGISTRY)),
        s -> RegionRollupFunction.KEY, Types.STRING, 1, 1, 0);
  }

  @Test
  void theRollUpEmitsEveryRegionFirstThenChangesAndFollowsAReload() throws Exception {
    var h = rollup();
    h.open();
    h.processElement(new SiteRisk("hill-a", Level.ORANGE, Level.NONE, "rain-1h", "hill-a/rain/rg-1", 1, 5_000), 5_000);
    assertThat(h.extractOutputValues()).extracting(RegionRisk::region, RegionRisk::level, RegionRisk::sites,
        RegionRisk::site).containsExactly(tuple("c", Level.ORANGE, 1, "hill-a"), tuple("t", Level.ORANGE, 1, "hill-a"),
        tuple("v", Level.ORANGE, 1, "hill-a"));
    // A site outside the registry changes nothing.
    h.processElement(new SiteRisk("elsewhere", Level.RED, Level.NONE, "r", "s", 1, 6_000), 6_000);
    assertThat(h.extractOutputValues()).hasSize(3);
    // Version 1 adds hill-b to t: t and c count 2 sites (one at none); v does not change.
    h.setProcessingTime(7_000);
    h.processBroadcastElement(V1, 7_000);
    assertThat(h.extractOutputValues()).hasSize(5);
    assertThat(h.extractOutputValues().subList(3, 5))
        .extracting(RegionRisk::region, RegionRisk::level, RegionRisk::sites, RegionRisk::sitesNone)
        .containsExactlyInAnyOrder(tuple("c", Level.ORANGE, 2, 1), tuple("t", Level.ORANGE, 2, 1));
    // hill-a resolves: every region falls to none.
    h.processElement(new SiteRisk("hill-a", Level.NONE, Level.ORANGE, "", "", 0, 8_000), 8_000);
    assertThat(h.extractOutputValues()).hasSize(8);
    assertThat(h.extractOutputValues().subList(5, 8))
        .extracting(RegionRisk::region, RegionRisk::level, RegionRisk::previousLevel, RegionRisk::timestampMs)
        .containsExactlyInAnyOrder(tuple("c", Level.NONE, Level.ORANGE, 8_000L),
            tuple("t", Level.NONE, Level.ORANGE, 8_000L), tuple("v", Level.NONE, Level.ORANGE, 8_000L));
    // A change with an older device time (another site's clock) is stamped no earlier than the last roll-up.
    h.processElement(new SiteRisk("hill-b", Level.BLUE, Level.NONE, "rain-1h", "hill-b/rain/rg-1", 1, 4_000), 4_000);
    assertThat(h.extractOutputValues().subList(8, h.extractOutputValues().size()))
        .extracting(RegionRisk::region, RegionRisk::level, RegionRisk::timestampMs)
        .containsExactlyInAnyOrder(tuple("c", Level.BLUE, 8_000L), tuple("t", Level.BLUE, 8_000L));
    h.close();
  }
}
