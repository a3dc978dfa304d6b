package org.vigil.registry;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.vigil.core.SensorKind;

/**
 * A device expected to report: a sensor at a site.
 *
 * @param site the site id
 * @param kind the sensor kind (the topic's kind level)
 * @param id the sensor id, unique per site and kind
 * @param lat latitude, degrees; NaN when not given (the site's location then)
 * @param lon longitude, degrees; NaN when not given
 * @param depthM depth below ground (inclinometers, piezometers), m; NaN when not given
 * @param interval how often it reports
 * @param installedMs when it was installed, epoch ms; {@link Long#MIN_VALUE} when not given
 */
public record Device(String site, SensorKind kind, String id, double lat, double lon, double depthM,
    Duration interval, long installedMs) implements Serializable {

  public Device {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(interval, "interval");
  }

  /** {@code site/kind/id}, the subject of its readings and alerts. */
  public String subject() {
    return subject(site, kind.wireName(), id);
  }

  /** {@code site/kind/id}. */
  public static String subject(String site, String kind, String id) {
    return site + "/" + kind + "/" + id;
  }
}
