/**
 * The noise-control operator of the monitoring job: {@link org.vigil.jobs.notify.NotifyFunction} keyed by site,
 * with silences as broadcast state, wraps {@link org.vigil.alerts.notify.NoiseControl}; {@link
 * org.vigil.jobs.notify.Notify} wires it between the alert stream and webhook delivery.
 */
package org.vigil.jobs.notify;
