package org.vigil.alerts.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP endpoint on a loopback ephemeral port that answers from a script (status, headers, body, or hang) and
 * records every request. The last scripted answer repeats once the script runs out.
 */
final class ScriptedServer implements AutoCloseable {

  /** One scripted answer. */
  record Answer(int status, Map<String, String> headers, String body, boolean hang) {
    static Answer status(int s) {
      return new Answer(s, Map.of(), "", false);
    }

    static Answer status(int s, String body) {
      return new Answer(s, Map.of(), body, false);
    }

    static Answer withHeader(int s, String name, String value) {
      return new Answer(s, Map.of(name, value), "", false);
    }

    static Answer hanging() {
      return new Answer(0, Map.of(), "", true);
    }
  }

  /** One recorded request. */
  record Request(Map<String, String> headers, String body, long receivedNanos) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Answer> script;
  private Answer last;
  private final List<Request> requests = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  ScriptedServer(Answer... answers) throws IOException {
    this.script = new ArrayDeque<>(List.of(answers));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/alerts";
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
    long now = System.nanoTime();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> h = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    Answer a;
    synchronized (requests) {
      requests.add(new Request(h, body, now));
      a = script.isEmpty() ? last : script.poll();
      last = a;
    }
    if (a.hang()) {
      try {
        release.await(10, TimeUnit.SECONDS); // "sleeps" until the test ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
      return;
    }
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
    ex.close();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
