package org.vigil.core;

/**
 * Input that was rejected, with a machine-readable reason and a human explanation.
 *
 * @param topic MQTT topic the input came on
 * @param reason machine-readable reason code, e.g. {@code non_finite_number}
 * @param detail what exactly was wrong, for a person
 * @param payload the input as text (UTF-8, truncated to a few kilobytes)
 * @param payloadBytes size of the original payload
 * @param receivedAtMs when Vigil received it, epoch milliseconds
 */
public record DeadLetter(
    String topic, String reason, String detail, String payload, int payloadBytes, long receivedAtMs) {}
