/**
 * Alert noise control, Flink-free: acknowledgement, flap detection, silences, inhibition and grouping per site turn
 * the stream of {@link org.vigil.core.AlertEvent} transitions into the {@link org.vigil.alerts.notify.Notification}s
 * people are sent. Everything is decided in device time, so a replay gives the same notifications and ids.
 * {@link org.vigil.alerts.notify.NoiseControl} composes the stages ({@link org.vigil.alerts.notify.NotifyStage}: each
 * takes and returns the {@link org.vigil.alerts.notify.NotifyDecision} about one transition) in order;
 * {@link org.vigil.alerts.notify.SiteNotifyState} is what it remembers per site (a Flink POJO, kept as keyed state by
 * the job's operator).
 */
package org.vigil.alerts.notify;
