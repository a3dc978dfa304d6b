package org.vigil.jobs.analytics.water;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vigil.alerts.webhook.WebhookEndpoint;

/**
 * Settings of the water-level analytics ({@link WaterGauge}).
 *
 * <table>
 *   <caption>keys read by {@link #fromLookup}</caption>
 *   <tr><td>{@code VIGIL_WATER_RISE_WINDOW}</td><td>PT1H</td><td>least-squares window of the rate of rise; ISO-8601
 *       ({@code PT1H}) or {@code 30m}/{@code 1h}</td></tr>
 * </table>
 *
 * @param riseWindow window of the rate of rise, at least 1 minute
 */
public record WaterOptions(Duration riseWindow) implements Serializable {

  public static final Duration DEFAULT_RISE_WINDOW = Duration.ofHours(1);

  public static WaterOptions defaults() {
    return new WaterOptions(DEFAULT_RISE_WINDOW);
  }

  /** Every problem, empty when valid. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (riseWindow == null || riseWindow.compareTo(Duration.ofMinutes(1)) < 0) {
      p.add("VIGIL_WATER_RISE_WINDOW: rise window must be at least 1 minute, got " + riseWindow);
    }
    return p;
  }

  /** Returns this, or throws {@link WaterConfigException} listing every problem. */
  public WaterOptions validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new WaterConfigException(p);
    }
    return this;
  }

  /** Reads the keys in the class documentation (blank or unset: the default); a test passes {@code Map::get}. */
  public static WaterOptions fromLookup(Function<String, String> lookup) {
    String v = lookup.apply("VIGIL_WATER_RISE_WINDOW");
    if (v == null || v.isBlank()) {
      return defaults();
    }
    Duration d;
    try {
      d = WebhookEndpoint.parseDuration(v.strip());
    } catch (RuntimeException e) {
      throw new WaterConfigException(
          List.of("VIGIL_WATER_RISE_WINDOW '" + v.strip() + "' is not a duration (PT1H, 30m or 1h)"));
    }
    return new WaterOptions(d).validate();
  }
}
