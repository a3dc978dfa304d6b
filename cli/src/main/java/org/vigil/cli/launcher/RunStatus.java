package org.vigil.cli.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigil.alerts.webhook.ReceivedWebhook;
import org.vigil.alerts.webhook.WebhookReceiver;

/**
 * The status line {@code ./vigil run} prints every 15 s: what InfluxDB holds (readings, alert transitions in all and
 * since this run started, dead letters), what the built-in receiver got, and what the job recorded for each of the
 * user's endpoints in {@code webhook_deliveries} during this run.
 *
 * <p>Alert transitions are counted with {@code count(id)}: every stored transition has an id, while {@code value} can
 * be missing (a non-finite value is not stored).
 */
final class RunStatus {

  /** Counts with one InfluxQL query; a seam so that the line is tested without a database. */
  @FunctionalInterface
  interface Counter {
    long count(String influxQl) throws InterruptedException;
  }

  /** The query that counts stored alert transitions. */
  static final String ALERTS = "SELECT count(id) FROM alerts";

  private final Counter db;
  private final String database;
  private final long alertsAtStart;
  private final long startedAtMs;
  private final WebhookReceiver receiver;
  private final List<String> userEndpoints;
  private LoudspeakerReceiver loudspeakers;
  private volatile String modeRegion;
  private volatile String modeSite;
  private volatile String modeBy;
  private volatile long modeAtMs;

  /**
   * @param alertsAtStart alert transitions in the database before the job started (earlier runs)
   * @param startedAtMs wall-clock start of this run: deliveries recorded since then are this run's
   * @param receiver the built-in receiver, null when turned off
   * @param userEndpoints names of the user's endpoints
   */
  RunStatus(Counter db, String database, long alertsAtStart, long startedAtMs, WebhookReceiver receiver,
      List<String> userEndpoints) {
    this.db = db;
    this.database = database;
    this.alertsAtStart = alertsAtStart;
    this.startedAtMs = startedAtMs;
    this.receiver = receiver;
    this.userEndpoints = List.copyOf(userEndpoints);
  }

  /** The same status with what the built-in loudspeaker controllers confirmed (null: none). */
  RunStatus withLoudspeakers(LoudspeakerReceiver l) {
    this.loudspeakers = l;
    return this;
  }

  /**
   * The same status, from now on with the holiday mode a region was switched to at {@code atMs} and, of {@code site},
   * the alert transitions of this run judged in holiday mode (field {@code mode} of {@code alerts}; counted from the
   * run's start, as a transition's time is its reading's, which may precede the switch's answer by a moment).
   */
  RunStatus withModeSwitch(String regionName, String site, String user, long atMs) {
    this.modeSite = site;
    this.modeBy = user;
    this.modeAtMs = atMs;
    this.modeRegion = regionName;
    return this;
  }

  /** The query that counts the alert transitions of {@code site} judged in holiday mode since {@code sinceMs}. */
  static String holidayAlerts(String site, long sinceMs) {
    return "SELECT count(id) FROM alerts WHERE site = '" + site.replace("'", "\\'") + "' AND \"mode\" = '"
        + ScriptedHoliday.MODE + "' AND time >= " + sinceMs + "ms";
  }

  /** The alert transitions stored now; 0 when the database or measurement does not exist yet. */
  static long storedAlerts(Counter db) throws InterruptedException {
    try {
      return db.count(ALERTS);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  String line() throws InterruptedException {
    long rain = db.count("SELECT count(rain_mm) FROM rain");
    long slope = db.count("SELECT count(disp_mm) FROM gnss") + db.count("SELECT count(tilt_x_deg) FROM tilt")
        + db.count("SELECT count(crack_mm) FROM crack") + db.count("SELECT count(pore_kpa) FROM pore");
    long alerts = db.count(ALERTS);
    long dead = db.count("SELECT count(payload_bytes) FROM deadletter");
    List<String> hooks = new ArrayList<>();
    if (receiver != null) {
      List<ReceivedWebhook> got = receiver.received();
      long ok = got.stream().filter(ReceivedWebhook::verified).count();
      hooks.add(String.format(Locale.ROOT, "local receiver %d (%d signature-verified)", got.size(), ok));
    }
    for (String name : userEndpoints) {
      String where = " FROM webhook_deliveries WHERE time >= " + startedAtMs + "ms AND endpoint = '"
          + name.replace("'", "\\'") + "'";
      long all = db.count("SELECT count(event_id)" + where);
      long delivered = db.count("SELECT count(event_id)" + where + " AND outcome = 'delivered'");
      hooks.add(String.format(Locale.ROOT, "%s %d delivered%s", name, delivered,
          all == delivered ? "" : " (" + (all - delivered) + " not)"));
    }
    return String.format(Locale.ROOT,
        "InfluxDB '%s': %d rain + %d slope readings, %d alert transitions (%d this run), %d dead letters%s", database,
        rain, slope, alerts, alerts - alertsAtStart, dead, hooks.isEmpty() ? "" : "; webhooks: "
            + String.join(", ", hooks)) + (loudspeakers == null ? "" : "; " + loudspeakers.summary()) + mode();
  }

  private String mode() throws InterruptedException {
    String region = modeRegion;
    if (region == null) {
      return "";
    }
    long judged = db.count(holidayAlerts(modeSite, startedAtMs));
    return String.format(Locale.ROOT, "; %s in %s mode since %s (%s): %d alert transition%s at %s judged in it",
        region, ScriptedHoliday.MODE, ScriptedHoliday.time(modeAtMs), modeBy, judged, judged == 1 ? "" : "s",
        modeSite);
  }
}
