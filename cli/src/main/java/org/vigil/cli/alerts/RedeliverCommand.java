package org.vigil.cli.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vigil.alerts.notify.NotificationJson;
import org.vigil.alerts.webhook.DeliveryResult;
import org.vigil.alerts.webhook.StoredBodies;
import org.vigil.alerts.webhook.WebhookDispatcher;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.core.settings.ConfigException;
import org.vigil.jobs.webhook.DeliveryRecord;
import org.vigil.jobs.webhook.WebhookDeliveryFunction;
import org.vigil.jobs.webhook.WebhookInfluxEncoders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil alerts redeliver}: re-sends dead-lettered webhook deliveries. A delivery is dead-lettered when the
 * newest {@code webhook_deliveries} record of its endpoint and webhook-id is not {@code delivered}; that record holds
 * the exact body. It is re-sent to the endpoint as configured now (VIGIL_WEBHOOK_*: URL, secrets, timeout, format),
 * under the same webhook-id and body, freshly signed (new webhook-timestamp), and the outcome is recorded in {@code
 * webhook_deliveries} (reason starting {@code redelivered:}), so a delivered one is not re-sent again.
 */
@Command(name = "redeliver", mixinStandardHelpOptions = true,
    description = "Re-sends dead-lettered webhook deliveries (same webhook-id and body, freshly signed) and records "
        + "the outcome.")
final class RedeliverCommand implements Callable<Integer> {

  @Mixin AlertsSettings settings = new AlertsSettings();

  @Option(names = "--endpoint", paramLabel = "NAME", description = "Only this endpoint.")
  String endpoint;

  @Option(names = "--id", paramLabel = "WEBHOOK_ID", description = "Only these webhook-ids; repeat for more.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--since", paramLabel = "DURATION", description = "How far back dead letters are looked for "
      + "(InfluxQL duration). Default: 7d.")
  String since = "7d";

  @Option(names = "--attempts", description = "Attempts per delivery (backoff with jitter, 1 s doubling up to 10 s). "
      + "Default: 3.")
  int attempts = 3;

  @Option(names = "--dry-run", description = "Only list what would be re-sent.")
  boolean dryRun;

  @Spec CommandSpec spec;

  /** A dead-lettered delivery: where, its id, type and body, and why it was not delivered. */
  record DeadLettered(String endpoint, String id, String type, String body, String outcome, String reason,
      String bodySeal) {}

  RedeliverCommand(Function<String, String> environment) {
    settings.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!since.matches("\\d+[smhdw]")) {
      out.println("--since '" + since + "' is not an InfluxQL duration such as 7d, 12h or 90m");
      return VigilAlertsCli.FAILED;
    }
    if (attempts < 1) {
      out.println("--attempts must be at least 1");
      return VigilAlertsCli.FAILED;
    }
    List<WebhookEndpoint> endpoints;
    try {
      endpoints = WebhookEndpoint.fromLookup(settings.environment);
    } catch (ConfigException e) {
      out.println("the webhook settings are invalid: " + e.getMessage());
      return VigilAlertsCli.FAILED;
    }
    Map<String, WebhookEndpoint> byName = new LinkedHashMap<>();
    endpoints.forEach(e -> byName.put(e.name(), e.withMaxAttempts(attempts)
        .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10))));
    InfluxClient influx = settings.influx();
    List<DeadLettered> todo;
    try {
      todo = deadLettered(influx.query(settings.database(), "SELECT * FROM webhook_deliveries WHERE time > now() - "
          + since + (endpoint == null ? "" : " AND endpoint = '" + endpoint.replace("'", "\\'") + "'")));
    } catch (RuntimeException e) {
      out.println("cannot read webhook_deliveries from InfluxDB (" + settings.database() + "): " + e.getMessage()
          + "\n  check --influx-url / VIGIL_INFLUX_URL and that InfluxDB is running (./vigil services status)");
      out.flush();
      return VigilAlertsCli.FAILED;
    }
    if (!ids.isEmpty()) {
      todo.removeIf(d -> !ids.contains(d.id()));
    }
    if (todo.isEmpty()) {
      out.println("nothing to redeliver: no dead-lettered delivery in the last " + since
          + (endpoint == null ? "" : " for " + endpoint) + (ids.isEmpty() ? "" : " with ids " + ids));
      out.flush();
      return VigilAlertsCli.OK;
    }
    int failed = 0;
    int total = todo.size();
    List<WebhookEndpoint> usable = new ArrayList<>();
    List<DeadLettered> sealed = new ArrayList<>();
    for (DeadLettered d : todo) {
      if (!byName.containsKey(d.endpoint())) {
        out.println(d.endpoint() + " " + d.id() + ": skipped, no endpoint '" + d.endpoint() + "' is configured now "
            + "(configured: " + byName.keySet() + "; set VIGIL_WEBHOOK_URLS and VIGIL_WEBHOOK_<n>_NAME)");
        failed++;
      } else if (!StoredBodies.verify(byName.get(d.endpoint()), d.id(), d.body(), d.bodySeal())) {
        // Signing it would vouch for whatever is in the database: a forged row, or a body changed there.
        out.println(d.endpoint() + " " + d.id() + ": refused, the stored body does not carry Vigil's seal for '"
            + d.endpoint() + "' (a row Vigil did not write, a body changed in the database, or one stored under a "
            + "secret no longer configured): not re-sent");
        failed++;
      } else {
        sealed.add(d);
        if (!usable.contains(byName.get(d.endpoint()))) {
          usable.add(byName.get(d.endpoint()));
        }
      }
    }
    todo = sealed;
    if (dryRun) {
      todo.forEach(d -> out.println("would re-send " + d.endpoint() + " " + d.id() + " " + d.type() + " (was "
          + d.outcome() + ": " + d.reason() + ")"));
      out.flush();
      return VigilAlertsCli.OK;
    }
    if (usable.isEmpty()) {
      out.println("0 of " + total + " redelivered");
      out.flush();
      return VigilAlertsCli.FAILED;
    }
    Map<String, Long> lastMs = new HashMap<>();
    try (WebhookDispatcher dispatcher = WebhookDispatcher.builder().endpoints(usable).build()) {
      for (DeadLettered d : todo) {
        DeliveryResult r = dispatcher.deliver(d.endpoint(), d.id(), d.body()).join();
        DeliveryRecord.Outcome o = WebhookDeliveryFunction.outcome(r);
        long at = Math.max(Instant.now().toEpochMilli(), lastMs.getOrDefault(d.endpoint(), 0L) + 1);
        lastMs.put(d.endpoint(), at);
        DeliveryRecord rec = new DeliveryRecord(d.endpoint(), d.id(), o, r.attempts(), r.lastStatus(), r.latencyMs(),
            "redelivered: " + (r.reason() == null ? "" : r.reason()), at, d.body(), d.type(),
            StoredBodies.seal(byName.get(d.endpoint()), d.id(), d.body()));
        LineProtocol.Builder line = new LineProtocol.Builder();
        WebhookInfluxEncoders.redelivery(rec, line);
        influx.write(settings.database(), line.toString());
        out.println(d.endpoint() + " " + d.id() + " " + d.type() + ": " + o.wireName() + " ("
            + r.attempts() + (r.attempts() == 1 ? " attempt" : " attempts")
            + (r.lastStatus() > 0 ? ", HTTP " + r.lastStatus() : "") + ")"
            + (o == DeliveryRecord.Outcome.DELIVERED ? "" : ": " + r.reason()));
        if (o != DeliveryRecord.Outcome.DELIVERED) {
          failed++;
        }
      }
    }
    out.println((total - failed) + " of " + total + " redelivered");
    out.flush();
    return failed == 0 ? VigilAlertsCli.OK : VigilAlertsCli.FAILED;
  }

  /** Per endpoint and webhook-id, the newest record; those that are not delivered and carry a body. */
  static List<DeadLettered> deadLettered(JsonNode response) {
    Map<String, JsonNode> newest = new LinkedHashMap<>();
    Map<String, Integer> col = new HashMap<>();
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode series : response.path("results").path(0).path("series")) {
      JsonNode columns = series.path("columns");
      col.clear();
      for (int i = 0; i < columns.size(); i++) {
        col.put(columns.get(i).asText(), i);
      }
      series.path("values").forEach(rows::add);
    }
    rows.sort(java.util.Comparator.comparingLong(r -> r.path(col.get("time")).asLong()));
    for (JsonNode r : rows) {
      newest.put(text(r, col, "endpoint") + "\n" + text(r, col, "event_id"), r);
    }
    List<DeadLettered> out = new ArrayList<>();
    for (JsonNode r : newest.values()) {
      String outcome = text(r, col, "outcome");
      String body = text(r, col, "body");
      if (!outcome.equals("delivered") && !body.isEmpty()) {
        String type = text(r, col, "type");
        out.add(new DeadLettered(text(r, col, "endpoint"), text(r, col, "event_id"),
            type.isEmpty() ? NotificationJson.typeOf(body) : type, body, outcome, text(r, col, "reason"),
            text(r, col, "body_mac")));
      }
    }
    return out;
  }

  private static String text(JsonNode row, Map<String, Integer> col, String name) {
    Integer i = col.get(name);
    return i == null || row.path(i).isNull() || row.path(i).isMissingNode() ? "" : row.path(i).asText();
  }
}
