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
            + String.join(", ", hooks)) + (loudspeakers == null ? "" : "; " + loudspeakers.summary());
  }
}
