package org.vigil.jobs.warning;

/**
 * An incident's broadcast coverage as published: the counts (for InfluxDB {@code broadcast_coverage}) and the JSON of
 * {@code vigil/broadcast/<incident>}.
 *
 * @param incident the incident
 * @param identifier the latest message broadcast
 * @param msgType its type
 * @param level its level (wire name)
 * @param targets loudspeakers it targets
 * @param confirmed of them, confirmed
 * @param pending of them, not final yet
 * @param gaveUp of them, given up
 * @param superseded deliveries of the incident's earlier messages dropped unsent
 * @param updatedAtMs when, epoch ms (strictly increasing per incident)
 * @param json the retained message
 */
public record BroadcastCoverage(String incident, String identifier, String msgType, String level, int targets,
    int confirmed, int pending, int gaveUp, int superseded, long updatedAtMs, String json) {}
