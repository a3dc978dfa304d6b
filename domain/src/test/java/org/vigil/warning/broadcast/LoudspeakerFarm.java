package org.vigil.warning.broadcast;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.vigil.alerts.webhook.WebhookVerifier;

/**
 * Loudspeaker controllers for tests and the benchmark: real HTTP servers on loopback, one path per loudspeaker,
 * each answering after a latency drawn from a range, and some failing (503 every time) or hanging (never
 * answering). Every request's signature is checked; requests are recorded per loudspeaker.
 */
public final class LoudspeakerFarm implements AutoCloseable {

  /** How a loudspeaker behaves. */
  public enum Behaviour { OK, FAILING, HANGING }

  /** One request received. */
  public record Received(String loudspeaker, String webhookId, String body, boolean verified, long atNanos) {}

  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loudspeaker");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Behaviour> behaviour = new ConcurrentHashMap<>();
  private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<Loudspeaker> loudspeakers = new ArrayList<>();

  /**
   * @param regionOf the loudspeaker ids with their regions
   * @param behaviourOf how each behaves
   * @param minLatencyMs the shortest answer time
   * @param maxLatencyMs the longest answer time
   * @param serverCount HTTP servers to spread them over
   */
  public LoudspeakerFarm(Map<String, String> regionOf, Map<String, Behaviour> behaviourOf, int minLatencyMs,
      int maxLatencyMs, int serverCount, WebhookVerifier verifier) throws IOException {
    for (int i = 0; i < serverCount; i++) {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
      s.setExecutor(pool);
      s.createContext("/", ex -> {
        String id = ex.getRequestURI().getPath().substring(1);
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
          body = in.readAllBytes();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        boolean ok;
        try {
          verifier.verify(ex.getRequestHeaders()::getFirst, text);
          ok = true;
        } catch (RuntimeException e) {
          ok = false;
        }
        received.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
            .add(new Received(id, ex.getRequestHeaders().getFirst("webhook-id"), text, ok, System.nanoTime()));
        Behaviour b = behaviour.getOrDefault(id, Behaviour.FAILING);
        try {
          if (b == Behaviour.HANGING) {
            closing.await(); // never answers while the farm runs
            return;
          }
          TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(minLatencyMs, maxLatencyMs + 1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        int status = !ok ? 401 : b == Behaviour.OK ? 204 : 503;
        ex.sendResponseHeaders(status, -1);
        ex.close();
      });
      s.start();
      servers.add(s);
    }
    int i = 0;
    for (Map.Entry<String, String> e : regionOf.entrySet()) {
      HttpServer s = servers.get(i++ % serverCount);
      behaviour.put(e.getKey(), behaviourOf.getOrDefault(e.getKey(), Behaviour.OK));
      loudspeakers.add(new Loudspeaker(e.getKey(), e.getValue(),
          URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/" + e.getKey()), "zh-CN"));
    }
  }

  /** Changes how a loudspeaker behaves from its next request on (a hanging request stays hung). */
  public void behave(String id, Behaviour b) {
    behaviour.put(id, b);
  }

  public List<Loudspeaker> loudspeakers() {
    return List.copyOf(loudspeakers);
  }

  /** What a loudspeaker received, in order. */
  public List<Received> received(String id) {
    return received.getOrDefault(id, List.of());
  }

  @Override
  public void close() {
    closing.countDown();
    servers.forEach(s -> s.stop(0));
    pool.shutdownNow();
  }
}
