package org.vigil.alerts.webhook;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.DeliveryResult.Outcome;
import org.vigil.alerts.webhook.ResponseClassifier.Verdict;

/**
 * Delivers to one endpoint: its own FIFO of deliveries waiting for a send slot, at most {@code maxInFlight} HTTP
 * exchanges under way (one until the first attempt has ended, so a burst to a new or gone endpoint starts with a
 * single probe) (asynchronous, so a hanging endpoint holds slots, not threads), retries scheduled on the timer
 * and put back at the head of the queue, 410 Gone disabling it. Nothing here can hold up another endpoint's worker.
 *
 * <p>State is guarded by {@code this}; results are completed and I/O started outside the lock.
 */
final class EndpointWorker {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int SNIPPET_BYTES = 200;

  /** The dispatcher-wide parts a worker uses. */
  record Shared(
      HttpClient http,
      Clock clock,
      WebhookDispatcher.Scheduler scheduler,
      ScheduledExecutorService deadlines,
      Random random,
      AtomicBoolean closed) {}

  private final WebhookEndpoint endpoint;
  private final URI uri;
  private final WebhookSigner signer;
  private final Shared shared;
  private final int maxInFlight;
  private final int maxQueued;

  private final ArrayDeque<Delivery> ready = new ArrayDeque<>();
  private int inFlight;
  /** Whether any attempt has ended yet (answer, error or timeout); until then one request at a time. */
  private boolean contacted;
  private String disabledReason;
  private boolean failing;
  private boolean deadLetterWarned;

  EndpointWorker(WebhookEndpoint endpoint, Shared shared, int maxInFlight, int maxQueued) {
    this.endpoint = endpoint;
    this.uri = endpoint.uri();
    this.signer = new WebhookSigner(endpoint.secrets());
    this.shared = shared;
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
  }

  WebhookEndpoint endpoint() {
    return endpoint;
  }

  synchronized boolean disabled() {
    return disabledReason != null;
  }

  void submit(Delivery d) {
    Outcome skip = null;
    String why = null;
    synchronized (this) {
      if (shared.closed().get()) {
        skip = Outcome.CANCELLED;
        why = "dispatcher closed";
      } else if (disabledReason != null) {
        skip = Outcome.ENDPOINT_DISABLED;
        why = disabledReason;
      } else if (ready.size() >= maxQueued) {
        skip = Outcome.DEAD_LETTERED;
        why = "queue full: " + maxQueued + " deliveries already waiting for " + endpoint.name();
      } else {
        ready.addLast(d);
      }
    }
    if (skip != null) {
      finish(d, skip, why);
    } else {
      pump();
    }
  }

  private void pump() {
    List<Delivery> go = new ArrayList<>();
    synchronized (this) {
      // After close nothing new starts; close() completes whatever is still queued.
      // First contact goes alone: an endpoint that answers 410 or is gone gets one request, not a burst.
      int limit = contacted ? maxInFlight : 1;
      while (!shared.closed().get() && inFlight < limit && !ready.isEmpty()) {
        go.add(ready.pollFirst());
        inFlight++;
      }
    }
    go.forEach(this::attempt);
  }

  private void attempt(Delivery d) {
    if (shared.closed().get()) { // close() raced with pump(): release the slot, send nothing
      onAttemptDone(d, null, new CancellationException("dispatcher closed"));
      return;
    }
    d.attempts++;
    try {
      long ts = shared.clock().instant().getEpochSecond();
      HttpRequest request = HttpRequest.newBuilder(uri)
          .timeout(endpoint.timeout())
          .header("content-type", endpoint.format().contentType())
          .header("user-agent", "vigil-webhooks")
          .header("webhook-id", d.eventId)
          .header("webhook-timestamp", Long.toString(ts))
          .header("webhook-signature", signer.sign(d.eventId, ts, d.body))
          .POST(HttpRequest.BodyPublishers.ofString(d.body, StandardCharsets.UTF_8))
          .build();
      CompletableFuture<HttpResponse<String>> send = shared.http().sendAsync(request, snippet());
      d.inFlight = send;
      // The request timeout covers waiting for the headers; this deadline also cuts a body that never ends.
      ScheduledFuture<?> deadline = shared.deadlines().schedule(
          () -> send.cancel(true), endpoint.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
      send.whenComplete((response, error) -> {
        deadline.cancel(false);
        onAttemptDone(d, response, error);
      });
    } catch (RuntimeException e) { // closed timer or client, or a bug: never thrown at the caller
      CompletableFuture<?> started = d.inFlight;
      if (started != null) {
        started.cancel(true);
      }
      onAttemptDone(d, null, e);
    }
  }

  /** What an attempt's end leads to; decided under the lock, acted on outside it. */
  private record Decision(
      Outcome outcome,
      String reason,
      Duration retryIn,
      List<Delivery> drained,
      boolean justDisabled,
      boolean firstFailure,
      boolean recovered,
      boolean firstDeadLetter) {}

  private void onAttemptDone(Delivery d, HttpResponse<String> response, Throwable error) {
    d.inFlight = null;
    d.lastStatus = response == null ? 0 : response.statusCode();
    Verdict verdict = response != null ? ResponseClassifier.classify(response.statusCode())
        : ResponseClassifier.classify(error);
    String what = response != null ? describe(response) : ResponseClassifier.describe(error);
    Optional<String> retryAfter = response == null ? Optional.empty() : response.headers().firstValue("retry-after");
    Decision x = decide(d, verdict, what, retryAfter);
    log(d, verdict, what, x);
    if (x.outcome() != null) {
      finish(d, x.outcome(), x.reason());
    } else {
      scheduleRetry(d, x.retryIn());
    }
    for (Delivery other : x.drained()) {
      finish(other, Outcome.ENDPOINT_DISABLED, x.reason());
    }
    pump();
  }

  private synchronized Decision decide(Delivery d, Verdict verdict, String what, Optional<String> retryAfter) {
    inFlight--;
    contacted = true;
    if (shared.closed().get()) {
      String why = "dispatcher closed during attempt " + d.attempts + " (" + what + ")";
      return new Decision(Outcome.CANCELLED, why, null, List.of(), false, false, false, false);
    }
    if (verdict == Verdict.DELIVERED) {
      boolean recovered = failing;
      failing = false;
      deadLetterWarned = false;
      return new Decision(Outcome.DELIVERED, what, null, List.of(), false, false, recovered, false);
    }
    if (verdict == Verdict.DISABLE_ENDPOINT) {
      if (disabledReason != null) {
        return new Decision(Outcome.ENDPOINT_DISABLED, disabledReason, null, List.of(), false, false, false, false);
      }
      disabledReason = "endpoint disabled: it answered 410 Gone at " + shared.clock().instant();
      List<Delivery> drained = new ArrayList<>(ready);
      ready.clear();
      return new Decision(Outcome.ENDPOINT_DISABLED, disabledReason, null, drained, true, false, false, false);
    }
    boolean firstFailure = !failing;
    failing = true;
    if (disabledReason != null) {
      return new Decision(Outcome.ENDPOINT_DISABLED, disabledReason, null, List.of(), false, firstFailure, false,
          false);
    }
    if (verdict == Verdict.RETRY && d.attempts < endpoint.maxAttempts()) {
      Duration delay = Backoff.nextDelay(d.attempts, endpoint.initialBackoff(), endpoint.maxBackoff(), retryAfter,
          shared.clock(), shared.random());
      return new Decision(null, what, delay, List.of(), false, firstFailure, false, false);
    }
    String why = verdict == Verdict.RETRY ? "gave up after " + d.attempts + (d.attempts == 1 ? " attempt" : " attempts") + "; last: " + what
        : what + " (not retried)";
    boolean firstDeadLetter = !deadLetterWarned;
    deadLetterWarned = true;
    return new Decision(Outcome.DEAD_LETTERED, why, null, List.of(), false, firstFailure, false, firstDeadLetter);
  }

  private void scheduleRetry(Delivery d, Duration delay) {
    try {
      shared.scheduler().schedule(delay, () -> requeue(d));
    } catch (RuntimeException e) {
      finish(d, Outcome.CANCELLED, "retry could not be scheduled (dispatcher closed?): " + e);
    }
  }

  private void requeue(Delivery d) {
    Outcome skip = null;
    String why = null;
    synchronized (this) {
      if (shared.closed().get()) {
        skip = Outcome.CANCELLED;
        why = "dispatcher closed while waiting to retry";
      } else if (disabledReason != null) {
        skip = Outcome.ENDPOINT_DISABLED;
        why = disabledReason;
      } else {
        ready.addFirst(d); // retries go before new work: they are older
      }
    }
    if (skip != null) {
      finish(d, skip, why);
    } else {
      pump();
    }
  }

  private void finish(Delivery d, Outcome outcome, String reason) {
    d.complete(outcome, reason, shared.clock().millis());
  }

  private void log(Delivery d, Verdict verdict, String what, Decision x) {
    if (x.recovered()) {
      LOG.info("webhook {} ({}) recovered: {} delivered on attempt {}", endpoint.name(), endpoint.maskedUrl(),
          d.eventId, d.attempts);
    }
    if (x.justDisabled()) {
      LOG.warn("webhook {} ({}) answered 410 Gone: disabled, nothing more is sent to it", endpoint.name(),
          endpoint.maskedUrl());
    }
    if (verdict == Verdict.DELIVERED || verdict == Verdict.DISABLE_ENDPOINT) {
      return;
    }
    String next = x.retryIn() != null ? "retry in " + x.retryIn().toMillis() + " ms" : "no retry";
    if (x.firstFailure()) {
      LOG.warn("webhook {} ({}) is failing: {} for {} (attempt {}/{}, {}); further failures are logged at DEBUG"
              + " until it recovers", endpoint.name(), endpoint.maskedUrl(), what, d.eventId, d.attempts,
          endpoint.maxAttempts(), next);
    } else {
      LOG.debug("webhook {}: attempt {}/{} for {} failed: {}; {}", endpoint.name(), d.attempts,
          endpoint.maxAttempts(), d.eventId, what, next);
    }
    if (x.outcome() == Outcome.DEAD_LETTERED) {
      if (x.firstDeadLetter()) {
        LOG.warn("webhook {}: dead-lettered {}: {}; further dead letters are logged at DEBUG until it recovers",
            endpoint.name(), d.eventId, x.reason());
      } else {
        LOG.debug("webhook {}: dead-lettered {}: {}", endpoint.name(), d.eventId, x.reason());
      }
    }
  }

  private static String describe(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
    return "HTTP " + response.statusCode() + (body.isEmpty() ? "" : ": " + body);
  }

  /** Keeps the first {@value #SNIPPET_BYTES} bytes of a response body for reasons and logs, discarding the rest. */
  private static BodyHandler<String> snippet() {
    return info -> {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      return BodySubscribers.mapping(
          BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> {
            int room = SNIPPET_BYTES - kept.size();
            if (room > 0) {
              kept.write(bytes, 0, Math.min(room, bytes.length));
            }
          })),
          ignored -> kept.toString(StandardCharsets.UTF_8));
    };
  }
}
