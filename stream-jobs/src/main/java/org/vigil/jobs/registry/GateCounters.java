package org.vigil.jobs.registry;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The dead-letter counters of a registry gate ({@link RegistryGateFunction} for readings, {@link FrameGateFunction}
 * for frames): {@code deadLetters} in total and per {@code reason}, {@value RegistryGateFunction#UNKNOWN_SITE} and
 * {@value RegistryGateFunction#UNKNOWN_DEVICE}.
 */
final class GateCounters {

  private final Counter total;
  private final Counter unknownSite;
  private final Counter unknownDevice;

  /** The counters in the operator's metric group {@code g}. */
  GateCounters(MetricGroup g) {
    total = g.counter("deadLetters");
    unknownSite = g.addGroup("reason", RegistryGateFunction.UNKNOWN_SITE).counter("deadLetters");
    unknownDevice = g.addGroup("reason", RegistryGateFunction.UNKNOWN_DEVICE).counter("deadLetters");
  }

  /** Counts a dead letter of a site the registry does not know. */
  void unknownSite() {
    total.inc();
    unknownSite.inc();
  }

  /** Counts a dead letter of a known site's unregistered device. */
  void unknownDevice() {
    total.inc();
    unknownDevice.inc();
  }
}
