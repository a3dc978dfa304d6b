package org.vigil.jobs.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves the process's Micrometer metrics in the Prometheus text format on {@code GET /metrics}, and {@code GET
 * /health} (200 with the job's state while it runs, 503 otherwise), on loopback. The Prometheus registry is added to
 * {@link Metrics#globalRegistry}, where {@link MicrometerReporter} puts Flink's metrics.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final PrometheusMeterRegistry registry;

  private MetricsServer(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /**
   * Starts the server on {@code 127.0.0.1:port} (0: a free port).
   *
   * @param health the job's state, e.g. {@code RUNNING}; anything else answers 503
   */
  public static MetricsServer start(int port, Supplier<String> health) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.addRegistry(registry);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vigil-metrics-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/metrics", ex -> {
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, "text/plain", "GET only\n");
        return;
      }
      send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    });
    server.createContext("/health", ex -> {
      String state;
      try {
        state = health.get();
      } catch (RuntimeException e) {
        state = "UNKNOWN (" + e.getMessage() + ")";
      }
      boolean up = "RUNNING".equals(state);
      send(ex, up ? 200 : 503, "application/json", "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"job\":\""
          + state.replace("\"", "'") + "\"}\n");
    });
    server.start();
    return new MetricsServer(server, registry);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    Metrics.removeRegistry(registry);
    registry.close();
  }
}
