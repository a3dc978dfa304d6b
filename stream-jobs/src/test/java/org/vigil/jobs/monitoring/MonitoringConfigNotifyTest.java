package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.core.settings.Settings;

/** The noise-control and control-topic settings of the job: documented defaults, values, problems. */
class MonitoringConfigNotifyTest {

  @TempDir Path dir;

  @Test
  void defaultsAreTheDocumentedOnesAndEveryKeyIsInTheTable() {
    MonitoringConfig c = MonitoringConfig.from(Map.<String, String>of()::get);
    assertThat(c.ackTopic()).isEqualTo("vigil/control/ack");
    assertThat(c.silencesTopic()).isEqualTo("vigil/config/silences/#");
    NotifyOptions n = c.notifyOptions();
    assertThat(n.groupWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(n.groupMaxWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(n.groupWallWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(n.flapChanges()).isEqualTo(4);
    assertThat(n.flapWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(n.flapSettle()).isEqualTo(Duration.ofMinutes(30));
    assertThat(n.inhibitingRules()).isEmpty(); // the default ruleset has no deadman rule
    for (String key : new String[] {"VIGIL_ACK_TOPIC", "VIGIL_SILENCES_TOPIC", "VIGIL_NOTIFY_GROUP_WINDOW",
        "VIGIL_NOTIFY_GROUP_MAX_WAIT", "VIGIL_NOTIFY_GROUP_WALL_WAIT", "VIGIL_NOTIFY_FLAP_CHANGES",
        "VIGIL_NOTIFY_FLAP_WINDOW", "VIGIL_NOTIFY_FLAP_SETTLE", "VIGIL_NOTIFY_INHIBITING_RULES"}) {
      assertThat(Settings.find(key)).as("declared key").isPresent();
    }
  }

  @Test
  void theDeadmanRulesOfTheStartUpRulesetInhibitUnlessRulesAreNamed() {
    Path rules = TestRules.write(dir, "r.yaml", """
        rules:
          - id: offline
            condition: {type: deadman}
            levels: {yellow: {raise: 1, clear: 0}}
          - id: water-level
            metric: level_m
            condition: {type: threshold}
            levels: {yellow: {raise: 2.0, clear: 1.5}}
        """);
    assertThat(MonitoringConfig.from(Map.of("VIGIL_RULES_FILE", rules.toString())::get).notifyOptions()
        .inhibitingRules()).containsExactly("offline");
    assertThat(MonitoringConfig.from(Map.of("VIGIL_RULES_FILE", rules.toString(), "VIGIL_NOTIFY_INHIBITING_RULES",
        "water-level")::get).notifyOptions().inhibitingRules()).containsExactly("water-level");
    assertThat(MonitoringConfig.from(Map.of("VIGIL_NOTIFY_GROUP_WALL_WAIT", "0", "VIGIL_NOTIFY_GROUP_WINDOW",
        "5s")::get).notifyOptions()).satisfies(n -> {
          assertThat(n.groupWallWait()).isZero();
          assertThat(n.groupWindow()).isEqualTo(Duration.ofSeconds(5));
        });
  }

  @Test
  void badValuesAreAllReported() {
    assertThatThrownBy(() -> MonitoringConfig.from(Map.of("VIGIL_NOTIFY_FLAP_CHANGES", "1",
        "VIGIL_NOTIFY_GROUP_WALL_WAIT", "soon")::get))
        .hasMessageContaining("VIGIL_NOTIFY_FLAP_CHANGES='1': out of range 2..")
        .hasMessageContaining("VIGIL_NOTIFY_GROUP_WALL_WAIT='soon': not a duration");
  }

  /** One day is a flap window the ruleset's syntax writes; the job's own reader refused it before. */
  @Test
  void aFlapWindowOfOneDayIsRead() {
    assertThat(MonitoringConfig.from(Map.of("VIGIL_NOTIFY_FLAP_WINDOW", "1d")::get).notifyOptions().flapWindow())
        .isEqualTo(Duration.ofSeconds(86_400));
  }
}
