package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of event time, frames and decoder limits. */
class MonitoringConfigEventTimeTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    MonitoringConfig c = MonitoringConfig.from(Map.<String, String>of()::get);
    assertThat(c.frameTopicFilters()).containsExactly("vigil/+/camera/+/frame");
    assertThat(c.allTopicFilters()).containsExactly("vigil/+/+/+/data", "vigil/+/camera/+/frame");
    assertThat(c.maxOutOfOrderMs()).isEqualTo(5 * 60_000L);
    assertThat(c.duplicateHorizonMs()).isEqualTo(60 * 60_000L);
    assertThat(c.analyticsMaxWaitMs()).isEqualTo(5_000L);
    assertThat(c.watermarkIdlenessMs()).isEqualTo(60_000L);
    assertThat(c.decoderOptions().maxAgeMs()).isEqualTo(30L * 86_400_000L);
    assertThat(c.decoderOptions().maxFrameBytes()).isEqualTo(2 * 1024 * 1024);
  }

  @Test
  void framesCanBeSwitchedOffAndTheOldLatenessKeysAreNamed() {
    MonitoringConfig c = MonitoringConfig.from(Map.of("VIGIL_MQTT_FRAME_TOPICS", "none")::get);
    assertThat(c.allTopicFilters()).containsExactly("vigil/+/+/+/data");
    assertThatThrownBy(() -> MonitoringConfig.from(
            Map.of("VIGIL_ALLOWED_LATENESS_MS", "60000", "VIGIL_DUPLICATE_HORIZON_MS", "-1")::get))
        .hasMessageContaining("VIGIL_ALLOWED_LATENESS_MS: is no longer read (lateness is judged per sensor")
        .hasMessageContaining("VIGIL_DUPLICATE_HORIZON_MS='-1': out of range 1..");
    assertThatThrownBy(() -> MonitoringConfig.from(Map.of("VIGIL_RAIN_LATENESS_MS", "60000")::get))
        .hasMessageContaining("lateness is judged per sensor");
  }
}
