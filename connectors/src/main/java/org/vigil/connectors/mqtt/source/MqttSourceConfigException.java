package org.vigil.connectors.mqtt.source;

import java.util.List;

/** Thrown by {@link MqttSourceBuilder#build()} with every problem of the configuration, each naming its field. */
public final class MqttSourceConfigException extends IllegalArgumentException {

  private final List<String> problems;

  MqttSourceConfigException(List<String> problems) {
    super("Invalid MQTT source configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One entry per problem, each starting with the builder field name, e.g. {@code "serverUri: is required"}. */
  public List<String> problems() {
    return problems;
  }
}
