package org.vigil.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.testing.TestServices;

/**
 * A publish the broker refuses (a topic the identity has no right to) is counted and logged, not counted as
 * published and not a failure of the job; one it accepts is counted as published. On the real broker with topic
 * rights ({@link TestServices#secureBroker()}).
 */
class MqttPublishRefusalIT {

  @Test
  void aRefusedPublishIsCountedNotSwallowedAndDoesNotStopTheWriter() throws Exception {
    Optional<TestServices.SecureBroker> broker = TestServices.secureBroker();
    assumeTrue(broker.isPresent(), TestServices.NO_SECURE_BROKER);
    MqttClientSecurity job = broker.get().as(MqttClientSecurity.JOB);
    MqttMessageEncoder<String[]> encoder = new MqttMessageEncoder<>() {
      @Override
      public String topic(String[] e) {
        return e[0];
      }

      @Override
      public byte[] payload(String[] e) {
        return e[1].getBytes(StandardCharsets.UTF_8);
      }
    };
    SimpleCounter published = new SimpleCounter();
    SimpleCounter refused = new SimpleCounter();
    String run = Long.toString(System.currentTimeMillis(), 36);
    try (var w = new MqttPublishSink.Writer<>(broker.get().url(), job, "it-refusal-" + run, encoder, 10, 10_000,
        published, refused)) {
      // vigil-job may not publish rulesets (only the console and the tools may, under their own names).
      w.write(new String[] {"vigil/config/rules/vigil-tools", "rules: []"}, null);
      w.flush(false);
      assertThat(refused.getCount()).isEqualTo(1);
      assertThat(published.getCount()).isZero();
      // It may publish dead letters.
      w.write(new String[] {"vigil/deadletter", "{\"reason\":\"it-refusal-" + run + "\"}"}, null);
      w.flush(false);
      assertThat(published.getCount()).isEqualTo(1);
      assertThat(refused.getCount()).isEqualTo(1);
    }
  }
}
