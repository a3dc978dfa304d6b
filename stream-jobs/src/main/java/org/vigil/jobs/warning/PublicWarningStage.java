package org.vigil.jobs.warning;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.vigil.connectors.mqtt.MqttPublishSink;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.core.AlertEvent;

/** The public-warning stage: alert transitions in, CAP 1.2 messages out on {@code vigil/warnings/{incident}}. */
public final class PublicWarningStage {

  private PublicWarningStage() {}

  /** The messages the alerts issue (keyed by alert id); empty when warnings are off. */
  public static SingleOutputStreamOperator<IssuedWarning> warnings(DataStream<AlertEvent> alerts,
      PublicWarningOptions options) {
    return alerts.keyBy(AlertEvent::id, Types.STRING)
        .process(new PublicWarningFunction(options)).returns(TypeInformation.of(IssuedWarning.class))
        .uid("public-warnings").name("public-warnings");
  }

  /** Attaches the stage and its MQTT output, when warnings are on. */
  public static void attach(DataStream<AlertEvent> alerts, PublicWarningOptions options, String mqttUrl,
      MqttClientSecurity security, String clientIdPrefix) {
    if (!options.enabled()) {
      return;
    }
    warnings(alerts, options)
        .sinkTo(new MqttPublishSink<>(mqttUrl, security, clientIdPrefix + "-warnings", new WarningMessages()))
        .uid("mqtt-warnings").name("mqtt-warnings");
  }
}
