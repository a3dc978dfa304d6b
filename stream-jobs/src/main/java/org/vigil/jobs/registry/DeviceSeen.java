package org.vigil.jobs.registry;

/**
 * A registered device was heard from: its subject and when (wall clock) a reading of it arrived. The gate sends at
 * most one per device and {@link org.vigil.registry.NoDataWatch#slackMs}.
 *
 * @param subject {@code site/kind/id}
 * @param arrivedAtMs when its reading arrived, epoch ms
 */
public record DeviceSeen(String subject, long arrivedAtMs) {}
