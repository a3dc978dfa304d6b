package org.vigil.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.mqtt.MqttSession;

/**
 * {@code ./vigil run --fresh} against the real Mosquitto: the retained site and region risk, public warnings,
 * broadcast coverage and regions' command modes an earlier run left are deleted, retained configuration (a silence) is kept.
 */
class FreshStartIT {

  private final String run = Long.toString(System.currentTimeMillis(), 36);

  @Test
  void clearsTheRetainedRiskAndWarningsOfAnEarlierRunAndKeepsTheSilences() throws Exception {
    String url = TestServices.mqttUrl();
    String riskA = "vigil/fra" + run + "/risk";
    String riskB = "vigil/frb" + run + "/risk";
    String silence = "vigil/config/silences/fr-" + run;
    String warning = "vigil/warnings/alt_fr" + run + ".1";
    String mode = "vigil/mode/frm" + run;
    try (MqttSession m = MqttSession.connect(url, Duration.ofSeconds(5))) {
      m.publishRetained(riskA, "{\"site\":\"fra\",\"level\":\"red\"}", Duration.ofSeconds(5));
      m.publishRetained(riskB, "{\"site\":\"frb\",\"level\":\"yellow\"}", Duration.ofSeconds(5));
      m.publishRetained(silence, "{\"id\":\"fr-" + run + "\"}", Duration.ofSeconds(5));
      m.publishRetained(warning, "<alert/>", Duration.ofSeconds(5));
      m.publishRetained(mode, "{\"region\":\"frm" + run + "\",\"mode\":\"holiday\"}", Duration.ofSeconds(5));
    }
    try {
      List<String> cleared = FreshStart.clearRetainedState(url, org.vigil.connectors.mqtt.security.MqttClientSecurity.fromSystemProperties(), Duration.ofMillis(500));

      assertThat(cleared).contains(riskA, riskB, warning, mode)
          // (and whatever earlier tests on this broker left of the same kinds: region risk, broadcast coverage)
          .allMatch(t -> t.matches("vigil/[^/]+/risk") || t.matches("vigil/region/[^/]+/risk")
              || t.matches("vigil/warnings/[^/]+") || t.matches("vigil/broadcast/[^/]+")
              || t.matches("vigil/mode/[^/]+"));
      assertThat(MqttSession.readRetained(url, mode, Duration.ofSeconds(1))).isEmpty();
      assertThat(MqttSession.readRetained(url, warning, Duration.ofSeconds(1))).isEmpty();
      assertThat(MqttSession.readRetained(url, riskA, Duration.ofSeconds(1))).isEmpty();
      assertThat(MqttSession.readRetained(url, riskB, Duration.ofSeconds(1))).isEmpty();
      assertThat(MqttSession.readRetained(url, silence, Duration.ofSeconds(2))).contains("{\"id\":\"fr-" + run + "\"}");
      // Nothing left to clear the second time.
      assertThat(FreshStart.clearRetainedState(url, org.vigil.connectors.mqtt.security.MqttClientSecurity.fromSystemProperties(), Duration.ofMillis(500))).isEmpty();
    } finally {
      try (MqttSession m = MqttSession.connect(url, Duration.ofSeconds(5))) {
        m.publishRetained(silence, "", Duration.ofSeconds(5));
      }
    }
  }
}
