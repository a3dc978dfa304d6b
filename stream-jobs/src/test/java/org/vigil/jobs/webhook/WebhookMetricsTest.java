package org.vigil.jobs.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookMetricsTest {

  @Test
  void theDeviceTimeIsTheLastPartOfAWebhookId() {
    assertThat(WebhookMetrics.deviceTimeOf("alt_74b6dc5b3295a36f5044_escalated_1795859800000"))
        .isEqualTo(1_795_859_800_000L);
    assertThat(WebhookMetrics.deviceTimeOf("grp_hill-a_x")).isEqualTo(-1);
    assertThat(WebhookMetrics.deviceTimeOf("nounderscore")).isEqualTo(-1);
    assertThat(WebhookMetrics.deviceTimeOf("trailing_")).isEqualTo(-1);
    assertThat(WebhookMetrics.deviceTimeOf(null)).isEqualTo(-1);
  }
}
