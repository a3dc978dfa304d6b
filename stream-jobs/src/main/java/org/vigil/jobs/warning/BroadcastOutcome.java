package org.vigil.jobs.warning;

/**
 * A change of one loudspeaker's delivery worth keeping (InfluxDB {@code broadcast_deliveries}): a failed attempt, a
 * confirmation, giving up, or being superseded.
 *
 * @param incident the incident
 * @param identifier the message delivered
 * @param loudspeaker the loudspeaker
 * @param region the loudspeaker's region
 * @param status {@code failed}, {@code confirmed}, {@code gave_up} or {@code superseded}
 * @param attempts attempts made so far
 * @param reason why (a failure's HTTP status or error), else empty
 * @param latencyMs from the start of the delivery (or its resumption after a restore) to this event
 * @param atMs when, epoch ms
 */
public record BroadcastOutcome(String incident, String identifier, String loudspeaker, String region, String status,
    int attempts, String reason, long latencyMs, long atMs) {}
