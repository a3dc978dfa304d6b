/**
 * Flink FLIP-27 source for MQTT 5: {@link org.vigil.connectors.mqtt.source.MqttSource}, built with
 * {@link org.vigil.connectors.mqtt.source.MqttSource#builder()}, options in
 * {@link org.vigil.connectors.mqtt.source.MqttSourceOptions}. Sub-packages: {@code split} (one split per MQTT session),
 * {@code enumerator} (assigns splits to subtasks), {@code reader} (Paho clients, queue, acknowledgements on
 * checkpoint).
 */
package org.vigil.connectors.mqtt.source;
