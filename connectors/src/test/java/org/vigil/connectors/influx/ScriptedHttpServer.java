package org.vigil.connectors.influx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on an ephemeral loopback port that answers with scripted responses in order,
 * then with 204, and records every request. Stands in for InfluxDB in unit tests.
 */
final class ScriptedHttpServer implements AutoCloseable {

  /** One scripted answer. */
  record Response(int status, String body, Map<String, String> headers, long delayMs) {
    static Response of(int status, String body) {
      return new Response(status, body, Map.of(), 0);
    }

    static Response of(int status) {
      return of(status, "");
    }
  }

  /** One received request. */
  record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    long lines() {
      return body.lines().count();
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  ScriptedHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "scripted-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Queues answers for the next requests. */
  ScriptedHttpServer then(Response... responses) {
    script.addAll(List.of(responses));
    return this;
  }

  /** Queues {@code n} answers with the same status and body. */
  ScriptedHttpServer then(int n, int status, String body) {
    for (int i = 0; i < n; i++) {
      script.add(Response.of(status, body));
    }
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
      Response r = script.poll();
      if (r == null) {
        r = Response.of(204);
      }
      if (r.delayMs() > 0) {
        try {
          Thread.sleep(r.delayMs());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
      if (r.status() == 204 || bytes.length == 0) {
        exchange.sendResponseHeaders(r.status(), -1);
      } else {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(r.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
