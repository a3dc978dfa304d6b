package org.vigil.connectors.influx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of a real InfluxDB that answers the first {@code n} writes with 503 and
 * forwards everything else unchanged.
 */
final class FlakyInfluxProxy implements AutoCloseable {

  private final String upstream;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger rejectRemaining;
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger forwardedWrites = new AtomicInteger();

  FlakyInfluxProxy(String upstream, int rejectFirstWrites) throws IOException {
    this.upstream = upstream.endsWith("/") ? upstream.substring(0, upstream.length() - 1) : upstream;
    this.rejectRemaining = new AtomicInteger(rejectFirstWrites);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Writes answered with 503. */
  int rejectedWrites() {
    return rejected.get();
  }

  /** Writes passed on to InfluxDB. */
  int forwardedWrites() {
    return forwardedWrites.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      boolean write = exchange.getRequestURI().getPath().equals("/write");
      if (write && rejectRemaining.getAndDecrement() > 0) {
        rejected.incrementAndGet();
        byte[] msg = "{\"error\":\"proxy: service unavailable\"}".getBytes();
        exchange.sendResponseHeaders(503, msg.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(msg);
        }
        return;
      }
      if (write) {
        forwardedWrites.incrementAndGet();
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        forward.header("Content-Type", contentType);
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization != null) {
        forward.header("Authorization", authorization);
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      byte[] answer = response.body();
      if (answer.length == 0) {
        exchange.sendResponseHeaders(response.statusCode(), -1);
      } else {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.statusCode(), answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
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
