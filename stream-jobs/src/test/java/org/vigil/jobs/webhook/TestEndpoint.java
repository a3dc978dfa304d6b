package org.vigil.jobs.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP endpoint on a loopback ephemeral port whose answer to each request is decided by a function of the
 * request (so a test can answer 500 "for a while", then 200), and which records every request with its wall-clock
 * arrival time and the status it answered. A hanging answer holds the exchange open, unanswered, until close.
 */
final class TestEndpoint implements AutoCloseable {

  /** What to answer. */
  record Answer(int status, Map<String, String> headers, boolean hang) {
    static Answer status(int s) {
      return new Answer(s, Map.of(), false);
    }

    static Answer withHeader(int s, String name, String value) {
      return new Answer(s, Map.of(name, value), false);
    }

    static Answer hanging() {
      return new Answer(0, Map.of(), true);
    }
  }

  /** One request as received, with the status answered (0 for a hang). */
  record Request(String id, Map<String, String> headers, String body, long receivedAtMs, int answered) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-endpoint");
    t.setDaemon(true);
    return t;
  });
  private volatile Function<Request, Answer> behaviour;
  private final List<Request> requests = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  TestEndpoint(Function<Request, Answer> behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static TestEndpoint answering(int status) throws IOException {
    return new TestEndpoint(r -> Answer.status(status));
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/alerts";
  }

  /** Answers later requests with {@code b}. */
  void behave(Function<Request, Answer> b) {
    this.behaviour = b;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  int count() {
    return requests().size();
  }

  private void handle(HttpExchange ex) throws IOException {
    long now = System.currentTimeMillis();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> h = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    Request asked = new Request(h.get("webhook-id"), h, body, now, 0);
    Answer a = behaviour.apply(asked);
    synchronized (requests) {
      requests.add(new Request(asked.id(), h, body, now, a.hang() ? 0 : a.status()));
    }
    if (a.hang()) {
      try {
        release.await(60, TimeUnit.SECONDS); // never answers while the test runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
      return;
    }
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(a.status(), -1);
    ex.close();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
