package org.vigil.alerts.webhook;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.vigil.alerts.webhook.DeliveryResult.Outcome;

/**
 * One event on its way to one endpoint: the body and id fixed for every attempt, the attempt count, the attempt in
 * flight and the future its {@link DeliveryResult} completes. A delivery is owned by one thread at a time (queue,
 * HTTP callback or retry timer) and handed over through thread-safe structures; the fields read by {@code close()}
 * from elsewhere are volatile.
 */
final class Delivery {

  final String endpoint;
  final String eventId;
  final String body;
  final long startMs;
  final CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
  private final Set<Delivery> unfinished;

  volatile int attempts;
  volatile int lastStatus;
  /** The HTTP exchange under way, cancelled on close; null between attempts. */
  volatile CompletableFuture<?> inFlight;

  Delivery(String endpoint, String eventId, String body, long startMs, Set<Delivery> unfinished) {
    this.endpoint = endpoint;
    this.eventId = eventId;
    this.body = body;
    this.startMs = startMs;
    this.unfinished = unfinished;
    unfinished.add(this);
  }

  /** Completes the result once; later calls are ignored. */
  void complete(Outcome outcome, String reason, long nowMs) {
    unfinished.remove(this);
    result.complete(
        new DeliveryResult(endpoint, eventId, outcome, attempts, lastStatus, Math.max(0, nowMs - startMs), reason));
  }
}
