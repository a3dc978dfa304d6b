package org.vigil.connectors.mqtt.source.split;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One persistent MQTT session of the source: split {@code i} is the client {@code <clientIdPrefix>-i} on the shared
 * subscription. There is one split per parallel subtask when the job first starts; a reader may own several after
 * a rescale. The split carries no progress: what was not acknowledged stays in the broker's session and is
 * redelivered when the split is opened again. It carries no credentials either.
 *
 * @param index split number, from 0; selects the client id
 */
public record MqttSplit(int index) implements SourceSplit {

  public MqttSplit {
    if (index < 0) {
      throw new IllegalArgumentException("split index must be >= 0, was " + index);
    }
  }

  @Override
  public String splitId() {
    return "mqtt-" + index;
  }
}
