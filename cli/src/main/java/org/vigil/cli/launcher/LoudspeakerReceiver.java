package org.vigil.cli.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.vigil.alerts.webhook.WebhookVerifier;

/**
 * The loudspeaker controllers of {@code ./vigil run}'s demo registry, on loopback: {@code POST /ls/<loudspeaker id>}
 * is verified as a webhook (Standard Webhooks signature, the broadcast secret) and answered after a controller's
 * realistic small latency (50-300 ms) with 204, or 401 when the signature is wrong. A request id heard before is
 * answered 204 again but not played twice (a controller's duplicate check), so the counts say what was confirmed
 * and what the at-least-once delivery repeated.
 */
public final class LoudspeakerReceiver implements AutoCloseable {

  /** The port of the demo registry's loudspeaker URLs ({@code infra/registry/demo.yaml}). */
  public static final int DEMO_PORT = 18093;

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "loudspeaker-receiver");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> played = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong repeats = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  private LoudspeakerReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts the receiver on {@code port} (0: a free one) checking signatures with {@code secrets}. */
  public static LoudspeakerReceiver start(int port, List<String> secrets) throws IOException {
    WebhookVerifier verifier = new WebhookVerifier(secrets);
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    LoudspeakerReceiver r = new LoudspeakerReceiver(s);
    s.setExecutor(r.pool);
    s.createContext("/ls/", ex -> {
      try (ex) {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
          body = in.readAllBytes();
        }
        r.requests.incrementAndGet();
        if (!"POST".equals(ex.getRequestMethod())) {
          ex.sendResponseHeaders(405, -1);
          return;
        }
        try {
          verifier.verify(ex.getRequestHeaders()::getFirst, new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          r.refused.incrementAndGet();
          ex.sendResponseHeaders(401, -1);
          return;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(50, 301));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          ex.sendResponseHeaders(503, -1);
          return;
        }
        if (!r.played.add(ex.getRequestHeaders().getFirst("webhook-id"))) {
          r.repeats.incrementAndGet();
        }
        ex.sendResponseHeaders(204, -1);
      }
    });
    s.start();
    return r;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ls/");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Broadcast requests confirmed (distinct request ids answered 204). */
  public long confirmed() {
    return played.size();
  }

  /** Requests received in all. */
  long requests() {
    return requests.get();
  }

  /** Requests whose id had been confirmed before (at-least-once repeats). */
  long repeats() {
    return repeats.get();
  }

  /** Requests refused for a bad signature. */
  long refused() {
    return refused.get();
  }

  /** One phrase for the status line. */
  String summary() {
    return "loudspeakers " + confirmed() + " confirmed (" + requests() + " requests, " + repeats() + " repeated, "
        + refused() + " refused)";
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
