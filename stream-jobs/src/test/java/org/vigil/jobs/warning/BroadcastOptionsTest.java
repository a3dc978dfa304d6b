package org.vigil.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.core.Level;
import org.vigil.core.settings.SettingsReader;
import org.vigil.warning.broadcast.BroadcastPolicy;
import org.vigil.warning.broadcast.RegionTree;

/** The broadcast settings: the reach per level, secrets masked, every problem named. */
class BroadcastOptionsTest {

  static final RegionTree TREE = RegionTree.of(Map.of("v1", "t1", "t1", "c"));

  static BroadcastOptions read(Map<String, String> m) {
    SettingsReader r = new SettingsReader(m::get);
    return r.checked(BroadcastOptions.read(r));
  }

  @Test
  void theDefaultReachIsTheTownshipForRedAndTheVillageForOrange() {
    BroadcastPolicy p = read(Map.of()).policy();
    assertThat(p.reach("v1", Level.RED, TREE)).contains("t1");
    assertThat(p.reach("v1", Level.ORANGE, TREE)).contains("v1");
    assertThat(p.reach("v1", Level.YELLOW, TREE)).isEmpty();
    BroadcastPolicy county = read(Map.of("VIGIL_BROADCAST_REACH", "red=2, orange=1, yellow=0")).policy();
    assertThat(county.reach("v1", Level.RED, TREE)).contains("c");
    assertThat(county.reach("v1", Level.YELLOW, TREE)).isEqualTo(Optional.of("v1"));
  }

  @Test
  void withoutASecretNothingIsBroadcastAndASecretIsNeverPrinted() {
    assertThat(read(Map.of()).active()).isFalse();
    String secret = WebhookSigner.generateSecret();
    BroadcastOptions o = read(Map.of("VIGIL_BROADCAST_SECRET", secret));
    assertThat(o.active()).isTrue();
    assertThat(o.toString()).doesNotContain(secret.substring(6)).contains("secrets=1 (masked)");
    assertThat(read(Map.of("VIGIL_BROADCAST_SECRET", secret, "VIGIL_BROADCAST", "off")).active()).isFalse();
    assertThat(o.readsRequests()).isTrue();
    assertThat(read(Map.of("VIGIL_WARNING_REQUESTS", "none")).readsRequests()).isFalse();
  }

  @Test
  void badSettingsAreAllNamed() {
    assertThatThrownBy(() -> read(Map.of("VIGIL_BROADCAST_REACH", "purple=1", "VIGIL_BROADCAST_SECRET", "hunter2",
        "VIGIL_BROADCAST_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("VIGIL_BROADCAST_REACH='purple=1'")
        .hasMessageContaining("VIGIL_BROADCAST_SECRET")
        .hasMessageContaining("VIGIL_BROADCAST_MAX_ATTEMPTS='0'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    assertThatThrownBy(() -> read(Map.of("VIGIL_BROADCAST_REACH", "red=1,red=2")))
        .hasMessageContaining("red is given twice");
  }
}
