package org.vigil.connectors.mqtt.source;

/**
 * A message handed from an MQTT client thread to the reader, with what the reader needs to acknowledge it later.
 *
 * @param splitIndex the split (client) that received it
 * @param generation the connection generation of that client when it arrived; an acknowledgement is only sent on
 *     the same connection (packet ids belong to a connection)
 * @param messageId MQTT packet id
 * @param qos QoS it was delivered with; 0 needs no acknowledgement
 * @param topic topic name
 * @param payload payload bytes
 * @param receivedAtMs arrival time, epoch milliseconds
 */
record ReceivedMessage(
    int splitIndex, long generation, int messageId, int qos, String topic, byte[] payload, long receivedAtMs) {}
