package org.vigil.alerts.webhook;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vigil.alerts.webhook.DeliveryResult.Outcome;
import org.vigil.core.AlertEvent;
import org.vigil.core.settings.ConfigException;

/**
 * Delivers alert events to webhook endpoints, signed as Standard Webhooks, at least once, with retries.
 *
 * <p>Each event is encoded once; every attempt to every endpoint sends that body under the same {@code webhook-id}
 * ({@link AlertEvent#eventId()}), with {@code webhook-timestamp} and {@code webhook-signature} computed afresh.
 *
 * <p><b>Isolation.</b> Every endpoint has its own worker: its own queue, its own limit of exchanges in flight
 * (default 4), its own failure streak and disabled flag. Sending uses {@link HttpClient#sendAsync}, so a request that
 * hangs occupies a slot of its endpoint, never a thread; it ends at the endpoint's timeout (headers) or at twice that
 * (a stalled body). Waiting between retries is a timer task, not a sleeping thread. So a slow, hanging or failing
 * endpoint delays only its own deliveries. The first request to an endpoint goes alone (the others wait for its
 * outcome), so an endpoint that answers 410 from the start gets exactly one request. A queue holds at most {@code
 * maxQueuedPerEndpoint} (default 10,000) deliveries; past that new ones are dead-lettered at once rather than growing
 * memory without bound.
 *
 * <p><b>Outcomes.</b> 2xx delivered; 410 disables the endpoint (logged once at WARN; later events get
 * {@link Outcome#ENDPOINT_DISABLED} without a request); 408, 425, 429, 5xx, I/O errors and timeouts are retried after
 * a capped exponential backoff with full jitter, or after the server's {@code Retry-After} (capped by the endpoint's
 * max backoff); any other status is dead-lettered without retry; when the retry budget is spent the delivery is
 * dead-lettered. See {@code ResponseClassifier} for the one place this is decided.
 *
 * <p><b>Threads.</b> {@link #dispatch} never blocks and never throws for delivery problems; its future never
 * completes exceptionally. Results complete on the HTTP client's or the timer's threads, so dependent stages should
 * not block. The dispatcher owns one daemon timer thread (retries, unless a {@link Scheduler} is injected, and
 * attempt deadlines).
 */
public final class WebhookDispatcher implements AutoCloseable {

  /** Runs a task after a delay; the seam that lets tests retry without waiting. Must not run the task inline. */
  @FunctionalInterface
  public interface Scheduler {
    void schedule(Duration delay, Runnable task);
  }

  private final List<EndpointWorker> workers;
  private final Map<String, EndpointWorker> byName;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<Delivery> unfinished = ConcurrentHashMap.newKeySet();

  private WebhookDispatcher(Builder b) {
    this.clock = b.clock;
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "vigil-webhook-timer");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    Scheduler scheduler = b.scheduler != null ? b.scheduler
        : (delay, task) -> timer.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    HttpClient http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(b.endpoints.stream().map(WebhookEndpoint::timeout).max(Duration::compareTo)
            .orElse(WebhookEndpoint.DEFAULT_TIMEOUT))
        .build();
    EndpointWorker.Shared shared = new EndpointWorker.Shared(http, clock, scheduler, timer, b.random, closed);
    List<EndpointWorker> w = new ArrayList<>();
    for (WebhookEndpoint e : b.endpoints) {
      w.add(new EndpointWorker(e, shared, b.maxInFlightPerEndpoint, b.maxQueuedPerEndpoint));
    }
    this.workers = List.copyOf(w);
    Map<String, EndpointWorker> m = new LinkedHashMap<>();
    w.forEach(x -> m.put(x.endpoint().name(), x));
    this.byName = Collections.unmodifiableMap(m);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends an event to every endpoint whose level filter it passes.
   *
   * @return completes, never exceptionally, when every endpoint reached a final outcome; one result per endpoint,
   *     in the order the endpoints were configured
   */
  public CompletableFuture<List<DeliveryResult>> dispatch(AlertEvent event) {
    Objects.requireNonNull(event, "event");
    String eventId = event.eventId();
    long now = clock.millis();
    String body = null;
    String encodeError = null;
    try {
      body = AlertJson.toWebhookBody(event);
    } catch (RuntimeException e) {
      encodeError = "cannot encode the event: " + e;
    }
    List<CompletableFuture<DeliveryResult>> futures = new ArrayList<>(workers.size());
    for (EndpointWorker w : workers) {
      WebhookEndpoint ep = w.endpoint();
      if (closed.get()) {
        futures.add(done(ep, eventId, Outcome.CANCELLED, "dispatcher closed"));
      } else if (encodeError != null) {
        futures.add(done(ep, eventId, Outcome.DEAD_LETTERED, encodeError));
      } else if (ep.minLevel().isAbove(event.notifyLevel())) {
        futures.add(done(ep, eventId, Outcome.FILTERED,
            "level " + event.notifyLevel().wireName() + " is below the endpoint's minimum " + ep.minLevel().wireName()));
      } else {
        Delivery d = new Delivery(ep.name(), eventId, body, now, unfinished);
        futures.add(d.result.exceptionally(t -> result(ep, eventId, Outcome.DEAD_LETTERED, "internal error: " + t)));
        w.submit(d);
      }
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> futures.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Sends an already encoded webhook body to one endpoint, for callers that fan out and keep their own record of
   * pending deliveries (the Flink delivery operator). The level filter is not applied here: that is the caller's.
   *
   * @param endpointName a configured endpoint's name; another name completes at once as {@link
   *     Outcome#DEAD_LETTERED} with attempts 0 (e.g. a delivery restored after the endpoint was removed)
   * @param eventId the {@code webhook-id}, the same for every attempt and every re-send
   * @param body the webhook body ({@link AlertJson#toWebhookBody})
   * @return completes, never exceptionally, at the delivery's final outcome
   */
  public CompletableFuture<DeliveryResult> deliver(String endpointName, String eventId, String body) {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(body, "body");
    EndpointWorker w = byName.get(endpointName);
    if (w == null) {
      return CompletableFuture.completedFuture(new DeliveryResult(endpointName, eventId, Outcome.DEAD_LETTERED, 0, 0,
          0, "no endpoint named '" + endpointName + "' is configured"));
    }
    WebhookEndpoint ep = w.endpoint();
    if (closed.get()) {
      return done(ep, eventId, Outcome.CANCELLED, "dispatcher closed");
    }
    Delivery d = new Delivery(ep.name(), eventId, body, clock.millis(), unfinished);
    CompletableFuture<DeliveryResult> f =
        d.result.exceptionally(t -> result(ep, eventId, Outcome.DEAD_LETTERED, "internal error: " + t));
    w.submit(d);
    return f;
  }

  /** The endpoints, in configured order. */
  public List<WebhookEndpoint> endpoints() {
    return workers.stream().map(EndpointWorker::endpoint).toList();
  }

  /** Names of the endpoints disabled by a 410 Gone. */
  public Set<String> disabledEndpoints() {
    Set<String> s = new LinkedHashSet<>();
    workers.stream().filter(EndpointWorker::disabled).forEach(w -> s.add(w.endpoint().name()));
    return Collections.unmodifiableSet(s);
  }

  /**
   * Stops at once: exchanges under way are cancelled, pending and later deliveries complete as {@link
   * Outcome#CANCELLED} (the caller may dispatch those events again after a restart). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Delivery d : new ArrayList<>(unfinished)) {
      CompletableFuture<?> f = d.inFlight;
      if (f != null) {
        f.cancel(true);
      }
      d.complete(Outcome.CANCELLED, "dispatcher closed before a final outcome", clock.millis());
    }
    timer.shutdownNow();
  }

  private CompletableFuture<DeliveryResult> done(WebhookEndpoint ep, String eventId, Outcome o, String reason) {
    return CompletableFuture.completedFuture(result(ep, eventId, o, reason));
  }

  private static DeliveryResult result(WebhookEndpoint ep, String eventId, Outcome o, String reason) {
    return new DeliveryResult(ep.name(), eventId, o, 0, 0, 0, reason);
  }

  /** Builds a dispatcher; {@link #build()} validates every endpoint and reports all problems at once. */
  public static final class Builder {
    private final List<WebhookEndpoint> endpoints = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler;
    private Random random = new Random();
    private HttpClient httpClient;
    private int maxInFlightPerEndpoint = 4;
    private int maxQueuedPerEndpoint = 10_000;

    private Builder() {}

    public Builder endpoint(WebhookEndpoint e) {
      endpoints.add(Objects.requireNonNull(e, "endpoint"));
      return this;
    }

    public Builder endpoints(List<WebhookEndpoint> list) {
      list.forEach(this::endpoint);
      return this;
    }

    /** Source of webhook-timestamp, Retry-After dates and latencies; default system UTC. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Where retry waits happen; default the dispatcher's timer thread. */
    public Builder scheduler(Scheduler s) {
      this.scheduler = Objects.requireNonNull(s, "scheduler");
      return this;
    }

    /** Jitter source; default a new {@link Random}. */
    public Builder random(Random r) {
      this.random = Objects.requireNonNull(r, "random");
      return this;
    }

    /** A client to send with (proxy, TLS settings); default HTTP/1.1, no redirects. Not closed by the dispatcher. */
    public Builder httpClient(HttpClient c) {
      this.httpClient = Objects.requireNonNull(c, "httpClient");
      return this;
    }

    public Builder maxInFlightPerEndpoint(int n) {
      this.maxInFlightPerEndpoint = n;
      return this;
    }

    public Builder maxQueuedPerEndpoint(int n) {
      this.maxQueuedPerEndpoint = n;
      return this;
    }

    /** @throws ConfigException listing every problem of every endpoint and of the limits */
    public WebhookDispatcher build() {
      List<String> problems = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (WebhookEndpoint e : endpoints) {
        problems.addAll(e.problems());
        if (e.name() != null && !names.add(e.name())) {
          problems.add("webhook name '" + e.name() + "' is used by two endpoints");
        }
      }
      if (maxInFlightPerEndpoint < 1) {
        problems.add("maxInFlightPerEndpoint must be at least 1, got " + maxInFlightPerEndpoint);
      }
      if (maxQueuedPerEndpoint < 1) {
        problems.add("maxQueuedPerEndpoint must be at least 1, got " + maxQueuedPerEndpoint);
      }
      if (!problems.isEmpty()) {
        throw new ConfigException("invalid webhook configuration", problems);
      }
      return new WebhookDispatcher(this);
    }
  }
}
