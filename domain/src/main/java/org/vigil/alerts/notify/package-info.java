/**
 * Alert noise control, Flink-free: flap detection, grouping per site, silences, inhibition and acknowledgement turn
 * the stream of {@link org.vigil.core.AlertEvent} transitions into the {@link org.vigil.alerts.notify.Notification}s
 * people are sent. Everything is decided in device time, so a replay gives the same notifications and ids.
 * {@link org.vigil.alerts.notify.NoiseControl} is the logic; {@link org.vigil.alerts.notify.SiteNotifyState} is what
 * it remembers per site (a Flink POJO, kept as keyed state by the job's operator).
 */
package org.vigil.alerts.notify;
