package org.vigil.warning.broadcast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.Backoff;
import org.vigil.alerts.webhook.ResponseClassifier;
import org.vigil.alerts.webhook.WebhookSigner;

/**
 * Sends broadcast messages to loudspeakers and tracks every delivery to the last one. Requests are signed as
 * webhooks are (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}), at most
 * {@link Options#concurrency} in flight, each with a deadline; a loudspeaker that answers 5xx, 408, 425 or 429, or
 * does not answer in time, is tried again after a capped exponential backoff with full jitter until the attempts
 * are spent; any other 4xx is final. When deliveries wait, red goes first, then orange, then the rest, in the
 * order they were started: a storm of lesser warnings does not hold back a red one. A new message of an incident
 * supersedes the deliveries of its earlier messages that have not gone out yet, and waits for the answer to one
 * that is under way before it goes to that loudspeaker (a loudspeaker is never told of a warning after being told it
 * is lifted).
 *
 * <p>State is in memory: the caller that must survive a crash keeps what {@link #start} was given and the
 * {@link Delivery} events, and starts again what was not final.
 */
public final class Broadcaster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Broadcaster.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param requestTimeout one attempt's deadline (connect and answer)
   * @param initialBackoff the first retry's backoff cap
   * @param maxBackoff the largest backoff
   * @param maxAttempts attempts per loudspeaker before giving up
   * @param concurrency requests in flight at most
   */
  public record Options(Duration requestTimeout, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
      int concurrency) {
    public Options {
      if (maxAttempts < 1 || concurrency < 1) {
        throw new IllegalArgumentException("maxAttempts and concurrency must be at least 1");
      }
    }

    /** 3 s per attempt, backoff from 1 s to 30 s, 6 attempts, 256 in flight. */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(30), 6, 256);
    }
  }

  private final class Run {
    final BroadcastMessage message;
    final long startMs;
    final long order;
    final Map<String, Target> targets = new LinkedHashMap<>();
    /** Set when a later message of the incident started: nothing of this one is sent again. */
    String replacedBy;

    Run(BroadcastMessage message, long startMs, long order) {
      this.message = message;
      this.startMs = startMs;
      this.order = order;
    }
  }

  private static final class Target {
    final Loudspeaker loudspeaker;
    int attempts;
    Delivery.Status status;
    String reason = "";
    long dueMs;

    Target(Loudspeaker loudspeaker) {
      this.loudspeaker = loudspeaker;
    }

    boolean isFinal() {
      return status != null && status.isFinal();
    }
  }

  private record Attempt(Run run, Target target) {}

  /** How long a message waits before it is tried again while an earlier one is in flight to its loudspeaker. */
  private static final long IN_ORDER_WAIT_MS = 20;

  private static final Comparator<Attempt> BY_DUE = Comparator.comparingLong(a -> a.target().dueMs);
  private static final Comparator<Attempt> BY_PRIORITY = Comparator
      .comparing((Attempt a) -> a.run().message.level()).reversed()
      .thenComparingLong(a -> a.run().order);

  private final HttpClient http;
  private final WebhookSigner signer;
  private final Options options;
  private final Clock clock;
  private final Consumer<Delivery> listener;
  private final Object lock = new Object();
  private final PriorityQueue<Attempt> waiting = new PriorityQueue<>(BY_DUE);
  private final PriorityQueue<Attempt> ready = new PriorityQueue<>(BY_PRIORITY);
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Semaphore slots;
  private final Random random = new Random();
  private final ExecutorService httpThreads = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "broadcast-http");
    t.setDaemon(true);
    return t;
  });
  private final Thread dispatcher;
  private volatile boolean running = true;
  private long started;

  /**
   * @param signer signs each request with the broadcast secret(s)
   * @param listener told of every change of a delivery (history, live coverage); called on the sending threads
   */
  public Broadcaster(WebhookSigner signer, Options options, Clock clock, Consumer<Delivery> listener) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = listener == null ? d -> { } : listener;
    this.slots = new Semaphore(options.concurrency());
    this.http = HttpClient.newBuilder().connectTimeout(options.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).executor(httpThreads).build();
    dispatcher = new Thread(this::dispatch, "broadcast-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  /** Starts broadcasting {@code message} to {@code loudspeakers}; returns its coverage now (all pending). */
  public Coverage start(BroadcastMessage message, List<Loudspeaker> loudspeakers) {
    long now = clock.millis();
    List<Delivery> superseded = new ArrayList<>();
    synchronized (lock) {
      if (runs.containsKey(message.identifier())) {
        throw new IllegalArgumentException("broadcast " + message.identifier() + " was started already");
      }
      // Earlier messages of the incident: what has not gone out yet is replaced by this one.
      for (Run earlier : runs.values()) {
        if (earlier.message.incident().equals(message.incident()) && earlier.replacedBy == null) {
          earlier.replacedBy = message.identifier();
          for (Target t : earlier.targets.values()) {
            if (!t.isFinal() && t.status != Delivery.Status.SENT) {
              t.status = Delivery.Status.SUPERSEDED;
              t.reason = "replaced by " + message.identifier();
              superseded.add(event(earlier, t, now));
            }
          }
        }
      }
      Run run = new Run(message, now, started++);
      for (Loudspeaker l : loudspeakers) {
        Target t = new Target(l);
        t.dueMs = now;
        if (run.targets.putIfAbsent(l.id(), t) == null) {
          ready.add(new Attempt(run, t));
        }
      }
      runs.put(message.identifier(), run);
      lock.notifyAll();
    }
    superseded.forEach(listener);
    return coverage(message.identifier()).orElseThrow();
  }

  /** A broadcast's coverage now; empty when it is unknown. */
  public Optional<Coverage> coverage(String identifier) {
    Run run = runs.get(identifier);
    if (run == null) {
      return Optional.empty();
    }
    synchronized (lock) {
      int confirmed = 0;
      int gaveUp = 0;
      int superseded = 0;
      for (Target t : run.targets.values()) {
        if (t.status == Delivery.Status.CONFIRMED) {
          confirmed++;
        } else if (t.status == Delivery.Status.GAVE_UP) {
          gaveUp++;
        } else if (t.status == Delivery.Status.SUPERSEDED) {
          superseded++;
        }
      }
      int n = run.targets.size();
      return Optional.of(new Coverage(identifier, n, confirmed, n - confirmed - gaveUp - superseded, gaveUp,
          superseded));
    }
  }

  /**
   * Forgets a broadcast whose deliveries are all final (the caller has recorded them); one still pending is kept.
   *
   * @return whether it was forgotten
   */
  public boolean forget(String identifier) {
    synchronized (lock) {
      Run run = runs.get(identifier);
      if (run == null || run.targets.values().stream().anyMatch(t -> !t.isFinal())) {
        return false;
      }
      runs.remove(identifier);
      return true;
    }
  }

  /** Waits until no delivery of the broadcast is pending; false on timeout. */
  public boolean awaitComplete(String identifier, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        Optional<Coverage> c = coverage(identifier);
        if (c.isEmpty() || c.get().complete()) {
          return c.isPresent();
        }
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        lock.wait(left);
      }
    }
  }

  private void dispatch() {
    while (running) {
      try {
        slots.acquire();
        Attempt a = next();
        if (a == null) {
          slots.release();
          continue;
        }
        send(a);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        slots.release();
        if (running) {
          LOG.error("broadcast dispatcher: {}", e.toString(), e);
        }
      }
    }
  }

  /** The next due attempt, highest level first; waits until one is due. Null when closing. */
  private Attempt next() throws InterruptedException {
    synchronized (lock) {
      while (running) {
        long now = clock.millis();
        while (!waiting.isEmpty() && waiting.peek().target().dueMs <= now) {
          ready.add(waiting.poll());
        }
        Attempt a = ready.poll();
        if (a != null) {
          if (a.target().isFinal()) {
            continue; // superseded while it waited
          }
          if (earlierInFlight(a)) {
            // The loudspeaker is still being told an earlier message of the incident: this one goes after its answer.
            a.target().dueMs = now + IN_ORDER_WAIT_MS;
            waiting.add(a);
            continue;
          }
          a.target().status = Delivery.Status.SENT;
          a.target().attempts++;
          return a;
        }
        lock.wait(waiting.isEmpty() ? 1_000 : Math.max(1, waiting.peek().target().dueMs - now));
      }
      return null;
    }
  }

  /** True when an earlier message of the attempt's incident is in flight to the same loudspeaker. Under the lock. */
  private boolean earlierInFlight(Attempt a) {
    for (Run r : runs.values()) {
      if (r != a.run() && r.order < a.run().order && r.message.incident().equals(a.run().message.incident())) {
        Target t = r.targets.get(a.target().loudspeaker.id());
        if (t != null && t.status == Delivery.Status.SENT) {
          return true;
        }
      }
    }
    return false;
  }

  private void send(Attempt a) {
    Run run = a.run();
    Target t = a.target();
    BroadcastMessage m = run.message;
    long now = clock.millis();
    listener.accept(snapshot(run, t, now));
    String id = requestId(m.identifier(), t.loudspeaker.id());
    ObjectNode body = JSON.createObjectNode()
        .put("type", "broadcast." + m.msgType().toLowerCase(java.util.Locale.ROOT))
        .put("incident", m.incident()).put("identifier", m.identifier()).put("msgType", m.msgType())
        .put("level", m.level().wireName()).put("region", m.region()).put("loudspeaker", t.loudspeaker.id())
        .put("language", m.texts().containsKey(t.loudspeaker.language()) ? t.loudspeaker.language()
            : m.texts().keySet().iterator().next())
        .put("voice", t.loudspeaker.voice().wireName())
        .put("text", m.textFor(t.loudspeaker))
        .put("sent", Instant.ofEpochMilli(m.sentMs()).toString());
    String json = body.toString();
    long ts = now / 1000;
    HttpRequest req = HttpRequest.newBuilder(t.loudspeaker.url()).timeout(options.requestTimeout())
        .header("Content-Type", "application/json").header("webhook-id", id)
        .header("webhook-timestamp", Long.toString(ts)).header("webhook-signature", signer.sign(id, ts, json))
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
      slots.release();
      settle(run, t, r, e);
    });
  }

  private void settle(Run run, Target t, HttpResponse<Void> r, Throwable e) {
    Delivery event;
    synchronized (lock) {
      long now = clock.millis();
      ResponseClassifier.Verdict v = e != null ? ResponseClassifier.classify(e) : ResponseClassifier.classify(r.statusCode());
      String what = e != null ? ResponseClassifier.describe(e) : "HTTP " + r.statusCode();
      if (v == ResponseClassifier.Verdict.DELIVERED) {
        t.status = Delivery.Status.CONFIRMED;
        t.reason = "";
      } else if (v == ResponseClassifier.Verdict.RETRY && run.replacedBy != null) {
        t.status = Delivery.Status.SUPERSEDED;
        t.reason = "replaced by " + run.replacedBy + " (last attempt: " + what + ")";
      } else if (v == ResponseClassifier.Verdict.RETRY && t.attempts < options.maxAttempts()) {
        t.status = Delivery.Status.FAILED;
        t.reason = what;
        Optional<String> retryAfter = r == null ? Optional.empty() : r.headers().firstValue("Retry-After");
        t.dueMs = now + Math.max(10, Backoff.nextDelay(t.attempts, options.initialBackoff(), options.maxBackoff(),
            retryAfter, clock, random).toMillis());
        waiting.add(new Attempt(run, t));
      } else {
        t.status = Delivery.Status.GAVE_UP;
        t.reason = (v == ResponseClassifier.Verdict.RETRY ? "after " + t.attempts + " attempts, last: " : "") + what;
      }
      event = event(run, t, now);
      lock.notifyAll();
    }
    listener.accept(event);
  }

  private Delivery event(Run run, Target t, long now) {
    return new Delivery(run.message.identifier(), t.loudspeaker.id(), t.status, t.attempts, t.reason, now,
        now - run.startMs);
  }

  private Delivery snapshot(Run run, Target t, long now) {
    synchronized (lock) {
      return event(run, t, now);
    }
  }

  /**
   * The request's {@code webhook-id}: stable for a message and loudspeaker (a retry carries the same id, so the
   * controller plays it once), without dots, which the signed content uses as its separator.
   */
  public static String requestId(String identifier, String loudspeakerId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((identifier + "\n" + loudspeakerId).getBytes(StandardCharsets.UTF_8));
      return "bc_" + HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  @Override
  public void close() {
    running = false;
    dispatcher.interrupt();
    synchronized (lock) {
      lock.notifyAll();
    }
    httpThreads.shutdownNow();
  }
}
