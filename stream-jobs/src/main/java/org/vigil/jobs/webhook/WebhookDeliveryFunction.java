package org.vigil.jobs.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.notify.NotificationJson;
import org.vigil.alerts.webhook.DeliveryResult;
import org.vigil.alerts.webhook.WebhookDispatcher;
import org.vigil.alerts.webhook.StoredBodies;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.jobs.webhook.DeliveryRecord.Outcome;

/**
 * Delivers notifications (webhook-id = {@link org.vigil.alerts.notify.Notification#id()}, body from {@link
 * NotificationJson} in the endpoint's format) to one endpoint per key (keyed by endpoint name) without ever making Flink wait for HTTP.
 *
 * <p>{@code processElement} records the delivery in keyed state ({@link PendingDelivery} by event id), hands it to
 * the subtask's {@link WebhookDispatcher} (asynchronous: per-endpoint queue, in-flight limit, timeouts, backoff with
 * jitter, {@code Retry-After}) and registers a processing-time poll timer. {@code onTimer} emits a {@link
 * DeliveryRecord} for every delivery whose future is done, removes it from state and re-registers the timer while
 * any remain. So a checkpoint holds what is still pending and completes at once; a job restored from it finds
 * pending entries the new dispatcher does not know, and re-sends them under the same {@code webhook-id} (at least
 * once: a delivery that finished after the checkpoint is sent again; consumers de-duplicate by id).
 *
 * <p>Bounded: an endpoint with {@code maxPendingPerEndpoint} deliveries pending gets new ones recorded at once as
 * {@link Outcome#QUEUE_FULL}. An event already pending for the endpoint (a replay) is not sent twice. A 410 Gone is
 * remembered in state (with a hash of the URL, so a new URL re-enables the endpoint) and later events are recorded as
 * {@link Outcome#DISABLED} without a request, across restarts too.
 *
 * <p>Metrics (operator group, and per endpoint in the subgroup {@code endpoint=<name>}): counters {@code
 * webhooksDelivered}, {@code webhooksDeadLettered} (every outcome but delivered and disabled), {@code
 * webhooksDisabled}, {@code webhooksQueueFull}, {@code webhookRetries} (attempts beyond the first, counted at the
 * outcome), {@code webhooksRedispatched} (re-sent after a restore), {@code webhooksDuplicatesSkipped}; gauge {@code
 * webhooksPending} (deliveries this subtask is working on).
 */
public final class WebhookDeliveryFunction extends KeyedProcessFunction<String, WebhookTask, DeliveryRecord> {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryFunction.class);

  static final MapStateDescriptor<String, PendingDelivery> PENDING =
      new MapStateDescriptor<>("webhook-pending", Types.STRING, TypeInformation.of(PendingDelivery.class));
  static final ValueStateDescriptor<Integer> PENDING_COUNT =
      new ValueStateDescriptor<>("webhook-pending-count", Types.INT);
  static final ValueStateDescriptor<String> DISABLED_URL =
      new ValueStateDescriptor<>("webhook-disabled-url", Types.STRING);

  private final List<WebhookEndpoint> endpoints;
  private final WebhookDeliveryOptions options;

  private transient Map<String, WebhookEndpoint> byName;
  private transient WebhookDispatcher dispatcher;
  private transient Clock clock;
  private transient MapState<String, PendingDelivery> pending;
  private transient ValueState<Integer> pendingCount;
  private transient ValueState<String> disabledUrl;
  /** Per endpoint: deliveries this instance started, by event id. Task thread only. */
  private transient Map<String, Map<String, InFlight>> inFlight;
  /** Endpoints whose state was checked for deliveries restored from a checkpoint since {@link #open}. */
  private transient Set<String> scanned;
  private transient Map<String, Long> lastRecordMs;
  private transient Map<String, Boolean> queueFullWarned;
  private transient WebhookMetrics metrics;

  /** A delivery under way in this instance's dispatcher. */
  private record InFlight(CompletableFuture<DeliveryResult> result, long queuedAtMs, long dispatchedAtMs) {}

  public WebhookDeliveryFunction(List<WebhookEndpoint> endpoints, WebhookDeliveryOptions options) {
    this.endpoints = List.copyOf(endpoints);
    this.options = options.validate();
    this.endpoints.forEach(WebhookEndpoint::validate);
  }

  @Override
  public void open(OpenContext openContext) {
    clock = Clock.systemUTC();
    byName = new LinkedHashMap<>();
    endpoints.forEach(e -> byName.put(e.name(), e));
    dispatcher = WebhookDispatcher.builder().endpoints(endpoints)
        .maxInFlightPerEndpoint(options.maxInFlightPerEndpoint())
        .maxQueuedPerEndpoint(options.maxPendingPerEndpoint())
        .build();
    pending = getRuntimeContext().getMapState(PENDING);
    pendingCount = getRuntimeContext().getState(PENDING_COUNT);
    disabledUrl = getRuntimeContext().getState(DISABLED_URL);
    inFlight = new HashMap<>();
    scanned = new HashSet<>();
    lastRecordMs = new HashMap<>();
    queueFullWarned = new HashMap<>();
    metrics = new WebhookMetrics(getRuntimeContext().getMetricGroup(), byName.keySet());
  }

  @Override
  public void processElement(WebhookTask task, Context ctx, Collector<DeliveryRecord> out) throws Exception {
    String endpoint = ctx.getCurrentKey();
    String id = task.id();
    long now = clock.millis();
    WebhookEndpoint config = byName.get(endpoint);
    String body;
    try {
      body = NotificationJson.toBody(task.notification(), config == null ? WebhookEndpoint.Format.STANDARD
          : config.format());
    } catch (RuntimeException e) {
      emit(out, new DeliveryResult(endpoint, id, DeliveryResult.Outcome.DEAD_LETTERED, 0, 0, 0,
          "cannot encode the event: " + e), now, now, "", task.notification().eventType());
      return;
    }
    String disabled = disabledUrl.value();
    if (config != null && disabled != null && disabled.equals(urlHash(config))) {
      emit(out, new DeliveryResult(endpoint, id, DeliveryResult.Outcome.ENDPOINT_DISABLED, 0, 0, 0,
          "endpoint disabled: it answered 410 Gone earlier (change its URL or name to enable it again)"), now, now,
          body);
      return;
    }
    if (pending.contains(id)) {
      metrics.duplicateSkipped();
      LOG.debug("webhook {}: {} is already pending, not sent twice", endpoint, id);
      return;
    }
    int count = count();
    if (count >= options.maxPendingPerEndpoint()) {
      if (queueFullWarned.putIfAbsent(endpoint, Boolean.TRUE) == null) {
        LOG.warn("webhook {}: {} deliveries pending, the maximum; new events are dead-lettered (queue full) until it"
            + " catches up; further ones are logged at DEBUG", endpoint, count);
      } else {
        LOG.debug("webhook {}: queue full, dead-lettered {}", endpoint, id);
      }
      emitQueueFull(out, endpoint, id, body, now, count);
      return;
    }
    queueFullWarned.remove(endpoint);
    pending.put(id, new PendingDelivery(id, body, now));
    pendingCount.update(count + 1);
    start(endpoint, id, body, now);
    schedulePoll(ctx.timerService());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeliveryRecord> out) throws Exception {
    String endpoint = ctx.getCurrentKey();
    Map<String, InFlight> mine = inFlight.computeIfAbsent(endpoint, k -> new LinkedHashMap<>());
    if (scanned.add(endpoint)) {
      redispatchRestored(endpoint, mine);
    }
    int count = count();
    for (Iterator<InFlight> it = mine.values().iterator(); it.hasNext(); ) {
      InFlight f = it.next();
      if (!f.result().isDone()) {
        continue;
      }
      DeliveryResult r = f.result().join();
      it.remove();
      metrics.pending(endpoint, -1);
      if (r.outcome() == DeliveryResult.Outcome.CANCELLED) { // only when closing; state keeps it for the restore
        continue;
      }
      PendingDelivery p = pending.get(r.eventId());
      pending.remove(r.eventId());
      count = Math.max(0, count - 1);
      long finishedMs = f.dispatchedAtMs() + r.latencyMs();
      emit(out, r, f.queuedAtMs(), finishedMs, p == null ? "" : p.body());
      if (r.outcome() == DeliveryResult.Outcome.ENDPOINT_DISABLED && r.lastStatus() == 410
          && byName.containsKey(endpoint)) {
        disabledUrl.update(urlHash(byName.get(endpoint)));
      }
    }
    pendingCount.update(count);
    if (count > 0) {
      schedulePoll(ctx.timerService());
    }
  }

  @Override
  public void close() throws Exception {
    if (dispatcher != null) {
      dispatcher.close(); // pending deliveries stay in the last checkpoint's state
    }
  }

  private void redispatchRestored(String endpoint, Map<String, InFlight> mine) throws Exception {
    int restored = 0;
    for (Map.Entry<String, PendingDelivery> e : pending.entries()) {
      if (!mine.containsKey(e.getKey())) {
        PendingDelivery p = e.getValue();
        start(endpoint, p.eventId(), p.body(), p.queuedAtMs());
        restored++;
      }
    }
    if (restored > 0) {
      metrics.redispatched(restored);
      LOG.info("webhook {}: re-sending {} deliveries restored from a checkpoint (same webhook-id)", endpoint,
          restored);
    }
  }

  private void start(String endpoint, String id, String body, long queuedAtMs) {
    long now = clock.millis();
    CompletableFuture<DeliveryResult> f = dispatcher.deliver(endpoint, id, body);
    inFlight.computeIfAbsent(endpoint, k -> new LinkedHashMap<>()).put(id, new InFlight(f, queuedAtMs, now));
    metrics.pending(endpoint, 1);
  }

  private void schedulePoll(TimerService timers) {
    long interval = Math.max(1, options.pollInterval().toMillis());
    // Aligned to the interval, so the timers of many elements of one key coalesce into one.
    timers.registerProcessingTimeTimer((timers.currentProcessingTime() / interval + 1) * interval);
  }

  private int count() throws Exception {
    Integer c = pendingCount.value();
    return c == null ? 0 : c;
  }

  private void emitQueueFull(Collector<DeliveryRecord> out, String endpoint, String id, String body, long now,
      int count) {
    Outcome o = Outcome.QUEUE_FULL;
    DeliveryRecord rec = new DeliveryRecord(endpoint, id, o, 0, 0, 0,
        "queue full: " + count + " deliveries already pending for " + endpoint, recordTime(endpoint), body,
        NotificationJson.typeOf(body), seal(endpoint, id, body));
    metrics.record(rec);
    out.collect(rec);
  }

  private void emit(Collector<DeliveryRecord> out, DeliveryResult r, long queuedAtMs, long finishedMs, String body) {
    emit(out, r, queuedAtMs, finishedMs, body, NotificationJson.typeOf(body));
  }

  private void emit(Collector<DeliveryRecord> out, DeliveryResult r, long queuedAtMs, long finishedMs, String body,
      String type) {
    Outcome o = outcome(r);
    String endpoint = r.endpoint();
    DeliveryRecord rec = new DeliveryRecord(endpoint, r.eventId(), o, r.attempts(), r.lastStatus(),
        Math.max(0, finishedMs - queuedAtMs), r.reason() == null ? "" : r.reason(), recordTime(endpoint),
        o == Outcome.DELIVERED ? "" : body, type, o == Outcome.DELIVERED ? "" : seal(endpoint, r.eventId(), body));
    metrics.record(rec);
    out.collect(rec);
  }

  /** The seal of a body kept for redelivery; empty for an endpoint no longer configured (nothing can re-send it). */
  private String seal(String endpoint, String id, String body) {
    WebhookEndpoint e = byName.get(endpoint);
    return e == null || body == null || body.isEmpty() ? "" : StoredBodies.seal(e, id, body);
  }

  /** Wall-clock time, bumped so that records of one endpoint never share a millisecond (one InfluxDB point each). */
  private long recordTime(String endpoint) {
    long t = Math.max(clock.millis(), lastRecordMs.getOrDefault(endpoint, Long.MIN_VALUE) + 1);
    lastRecordMs.put(endpoint, t);
    return t;
  }

  public static Outcome outcome(DeliveryResult r) {
    return switch (r.outcome()) {
      case DELIVERED -> Outcome.DELIVERED;
      case ENDPOINT_DISABLED -> Outcome.DISABLED;
      case DEAD_LETTERED -> {
        if (r.retryBudgetSpent()) {
          yield Outcome.GAVE_UP;
        } else if (r.attempts() == 0 && r.reason() != null && r.reason().startsWith("queue full")) {
          yield Outcome.QUEUE_FULL;
        } else if (r.attempts() == 0 && r.reason() != null && r.reason().startsWith("no endpoint named")) {
          yield Outcome.UNKNOWN_ENDPOINT;
        }
        yield Outcome.REJECTED;
      }
      // Not emitted for CANCELLED (kept pending); FILTERED does not happen (the fan-out filters).
      case FILTERED, CANCELLED -> Outcome.REJECTED;
    };
  }

  static String urlHash(WebhookEndpoint e) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(e.url().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
    }
  }
}
