package org.vigil.jobs.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.registry.CountyGenerator;
import org.vigil.registry.DeviceHealth;

/**
 * The registry's keyed operators with a county of 2,000 sites and 20,000 devices (every 10 min, silent after 3
 * intervals: 30 min, plus a slack of min(60 s, 30 min / 10) = 60 s after a report): a restart and a reload that adds
 * a site keep what every device reported; only the new site's devices are watched from the reload.
 */
class RegistryAtScaleFunctionsTest {

  private static final CountyGenerator COUNTY = CountyGenerator.countyOf20000Devices();
  private static final String NEW_SITE = "s-new";
  private static RegistryUpdate v0;
  private static RegistryUpdate v1;
  private static List<String> subjects;

  @BeforeAll
  static void county() {
    v0 = new RegistryUpdate(0, "", "", COUNTY.yaml(null), "", "file");
    StringBuilder extra = new StringBuilder("  - id: " + NEW_SITE + "\n    region: t00-v00\n"
        + "    location: {lat: 30.1, lon: 103.01}\n    devices:\n");
    for (int n = 0; n < 10; n++) {
      extra.append("      - {id: ").append(CountyGenerator.kind(n)).append('-').append(n).append(", kind: ")
          .append(CountyGenerator.kind(n)).append(", interval: 10m}\n");
    }
    v1 = new RegistryUpdate(1, "", "", COUNTY.yaml(1L) + extra, "", "vigil/config/registry/vigil-tools");
    subjects = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      for (int v = 0; v < 10; v++) {
        for (int s = 0; s < 10; s++) {
          for (int n = 0; n < 10; n++) {
            subjects.add(CountyGenerator.subject(CountyGenerator.site(t, v, s), n));
          }
        }
      }
    }
    assertThat(subjects).hasSize(20_000).doesNotHaveDuplicates();
  }

  private static KeyedBroadcastOperatorTestHarness<String, DeviceSeen, RegistryUpdate, AlertEvent> noData()
      throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new NoDataFunction(v0), List.of(RegistryGateFunction.REGISTRY)),
        s -> NoDataFunction.KEY, Types.STRING, 1, 1, 0);
  }

  private static long opened(List<AlertEvent> events, boolean newSite) {
    return events.stream().filter(e -> e.state() == AlertState.OPENED)
        .filter(e -> e.subject().startsWith(NEW_SITE + "/") == newSite).count();
  }

  /**
   * Every device reports at 1 s; a restart from a checkpoint; version 1 arrives at 599 s and takes effect with the
   * next report (the first device, at 600 s). Each of the other 19,999 is silent at 1 s + 60 s + 1,800 s = 1,861 s
   * (what it reported survived both), the first at 600 + 60 + 1,800 = 2,460 s, and the new site's ten devices,
   * never reporting, at 600 + 1,800 = 2,400 s.
   */
  @Test
  void aRestartAndAReloadKeepWhatTwentyThousandDevicesReported() throws Exception {
    var h = noData();
    h.open();
    h.setProcessingTime(1_000);
    for (String s : subjects) {
      h.processElement(new DeviceSeen(s, 1_000), 1_000);
    }
    OperatorSubtaskState snapshot = h.snapshot(1, 2_000);
    h.close();

    var r = noData();
    r.initializeState(snapshot);
    r.open();
    r.processBroadcastElement(v1, 599_000);
    r.setProcessingTime(600_000);
    r.processElement(new DeviceSeen(subjects.get(0), 600_000), 600_000);
    r.setProcessingTime(1_860_999);
    assertThat(r.extractOutputValues()).isEmpty();
    r.setProcessingTime(1_861_000);
    List<AlertEvent> at1861 = r.extractOutputValues();
    assertThat(opened(at1861, false)).isEqualTo(19_999);
    assertThat(opened(at1861, true)).isZero();
    assertThat(at1861).extracting(AlertEvent::subject).doesNotContain(subjects.get(0));
    r.setProcessingTime(2_399_999);
    assertThat(r.extractOutputValues()).hasSize(19_999);
    r.setProcessingTime(2_400_000);
    assertThat(opened(r.extractOutputValues(), true)).isEqualTo(10);
    r.setProcessingTime(2_460_000);
    assertThat(r.extractOutputValues()).hasSize(20_010).last().extracting(AlertEvent::subject)
        .isEqualTo(subjects.get(0));
    r.close();
  }

  /**
   * Device health through the same restart and reload: at the minute after the reload the county counts 20,010
   * devices and the 20,001 reports received (every device once at 1 s, the first again at 600 s); the new site, its
   * 10 devices and none of their reports.
   */
  @Test
  void deviceHealthKeepsItsTalliesThroughARestartAndAReload() throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new DeviceHealthFunction(v0), List.of(RegistryGateFunction.REGISTRY)),
        (DeviceSeen s) -> NoDataFunction.KEY, Types.STRING, 1, 1, 0);
    h.open();
    h.setProcessingTime(1_000);
    for (String s : subjects) {
      h.processElement(new DeviceSeen(s, 1_000), 1_000);
    }
    OperatorSubtaskState snapshot = h.snapshot(1, 2_000);
    h.close();

    var r = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new DeviceHealthFunction(v0), List.of(RegistryGateFunction.REGISTRY)),
        (DeviceSeen s) -> NoDataFunction.KEY, Types.STRING, 1, 1, 0);
    r.initializeState(snapshot);
    r.open();
    r.processBroadcastElement(v1, 599_000);
    r.setProcessingTime(600_000);
    r.processElement(new DeviceSeen(subjects.get(0), 600_000), 600_000);
    r.getOutput().clear();
    r.setProcessingTime(660_000);
    List<DeviceHealth> rows = r.extractOutputValues();
    DeviceHealth county = rows.stream().filter(x -> x.scope().equals("region") && x.id().equals("county"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(county.devices()).isEqualTo(20_010);
    assertThat(county.reportsToday()).isEqualTo(20_001);
    DeviceHealth site = rows.stream().filter(x -> x.scope().equals("site") && x.id().equals(NEW_SITE))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(site.devices()).isEqualTo(10);
    assertThat(site.reportsToday()).isZero();
    r.close();
  }
}
