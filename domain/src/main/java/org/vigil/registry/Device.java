package org.vigil.registry;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A device expected to report: a sensor or a camera at a site.
 *
 * @param site the site id
 * @param kind the device kind (the topic's kind level)
 * @param id the device id, unique per site and kind
 * @param lat latitude, degrees; NaN when not given (the site's location then)
 * @param lon longitude, degrees; NaN when not given
 * @param depthM depth below ground (inclinometers, piezometers), m; NaN when not given
 * @param interval how often it reports
 * @param installedMs when it was installed, epoch ms; {@link Long#MIN_VALUE} when not given
 */
public record Device(String site, DeviceKind kind, String id, double lat, double lon, double depthM,
    Duration interval, long installedMs) implements Serializable {

  public Device {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(interval, "interval");
  }

  /** {@code site/kind/id}, the subject of its readings (or frames) and alerts. */
  public String subject() {
    return subject(site, kind.wireName(), id);
  }

  /** {@code site/kind/id}. */
  public static String subject(String site, String kind, String id) {
    return site + "/" + kind + "/" + id;
  }
}
