package org.vigil.alerts.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.AlertEvent;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.settings.WebhookSettings;

/**
 * A small real webhook receiver: an HTTP server that verifies Standard Webhooks signatures, answers 204 when the
 * signature verifies and the body is an alert event, 401 when the signature does not verify (400 for a verified body
 * that is not an alert event, 405 for anything but POST, 413 above 1 MiB), keeps every request it got and hands one
 * line per request to a printer. Any path is accepted. Tests use it as the far end of the dispatcher; {@link #main}
 * runs it as the local demo's "print what arrives" receiver.
 */
public final class WebhookReceiver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final WebhookVerifier verifier;
  private final Consumer<String> printer;
  private final Clock clock = Clock.systemUTC();
  private final List<ReceivedWebhook> received = new ArrayList<>();
  private final Set<String> verifiedIds = ConcurrentHashMap.newKeySet();

  private WebhookReceiver(InetSocketAddress address, WebhookVerifier verifier, Consumer<String> printer)
      throws IOException {
    this.verifier = verifier;
    this.printer = printer == null ? line -> { } : printer;
    this.server = HttpServer.create(address, 0);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "vigil-webhook-receiver");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on 127.0.0.1 at {@code port} (0: a free one), verifying against the secrets. */
  public static WebhookReceiver start(int port, List<String> secrets, Consumer<String> printer) throws IOException {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), new WebhookVerifier(secrets), printer);
  }

  /** Starts on the given address with a verifier of your own (tolerance, clock). */
  public static WebhookReceiver start(InetSocketAddress address, WebhookVerifier verifier, Consumer<String> printer)
      throws IOException {
    return new WebhookReceiver(address, verifier, printer);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>/webhook}, a URL to configure the dispatcher with. */
  public URI url() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/webhook");
  }

  /** A snapshot of everything received so far, oldest first. */
  public List<ReceivedWebhook> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.getResponseHeaders().add("allow", "POST");
        respond(ex, 405, "only POST");
        return;
      }
      byte[] bytes = readBody(ex.getRequestBody());
      if (bytes == null) {
        respond(ex, 413, "body over " + MAX_BODY_BYTES + " bytes");
        return;
      }
      String body = new String(bytes, StandardCharsets.UTF_8);
      String id = ex.getRequestHeaders().getFirst("webhook-id");
      String error = null;
      boolean verified = false;
      AlertEvent event = null;
      try {
        verifier.verify(ex.getRequestHeaders()::getFirst, body);
        verified = true;
      } catch (WebhookVerificationException e) {
        error = e.getMessage();
      }
      boolean decoded = false;
      try {
        NotificationBodies n = NotificationBodies.parse(body);
        event = n.single() ? n.members().get(0) : null;
        decoded = true;
      } catch (AlertJsonException e) {
        error = error != null ? error : "not an alert notification: " + e.getMessage();
      }
      boolean duplicate = verified && id != null && !verifiedIds.add(id);
      ReceivedWebhook r = new ReceivedWebhook(id, ex.getRequestHeaders().getFirst("webhook-timestamp"),
          headers(ex), body, event, verified, error, duplicate, clock.instant());
      synchronized (received) {
        received.add(r);
      }
      print(r);
      if (!verified) {
        respond(ex, 401, error);
      } else if (!decoded) {
        respond(ex, 400, error);
      } else {
        ex.sendResponseHeaders(204, -1);
      }
    }
  }

  private void print(ReceivedWebhook r) {
    try {
      printer.accept(line(r));
    } catch (RuntimeException e) {
      LOG.debug("webhook receiver printer failed", e);
    }
  }

  /** One line about a received request. */
  static String line(ReceivedWebhook r) {
    if (!r.verified() || r.error() != null) {
      return "REJECTED webhook-id=" + r.id() + ": " + r.error();
    }
    if (r.event() == null) {
      NotificationBodies n = NotificationBodies.parse(r.body());
      return String.format(Locale.ROOT, "%s webhook-id=%s%s: %s", n.type(), r.id(),
          r.duplicate() ? " (duplicate)" : "", n.message());
    }
    AlertEvent e = r.event();
    // A command mode other than daily is named: it is why the threshold differs from the rule's own.
    String mode = e.mode().isEmpty() || e.mode().equals("daily") ? "" : " mode=" + e.mode();
    return String.format(Locale.ROOT, "%s %s %s %s rule=%s value=%s threshold=%s%s webhook-id=%s%s: %s",
        AlertJson.isoTime(e.updatedAtMs()), AlertJson.eventType(e.state()),
        e.level().wireName().toUpperCase(Locale.ROOT), e.subject(), e.rule(), e.value(), e.threshold(), mode, r.id(),
        r.duplicate() ? " (duplicate)" : "", e.message());
  }

  private static Map<String, List<String>> headers(HttpExchange ex) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return h;
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
    return b.length > MAX_BODY_BYTES ? null : b;
  }

  private static void respond(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("content-type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }

  /**
   * {@code WebhookReceiver <port> [<whsec_secret> [<whsec_old_secret>]]}: listens on 127.0.0.1 and prints one line
   * per request. Without a secret argument, {@code VIGIL_WEBHOOK_SECRET} is used (two separated by a space or comma).
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || !args[0].matches("\\d+")) {
      usage();
      return;
    }
    List<String> secrets = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
    String env = new SettingsReader(SettingsReader.environment()).raw(WebhookSettings.SECRET);
    if (secrets.isEmpty() && env != null) {
      secrets.addAll(Arrays.asList(env.split("[\\s,]+")));
    }
    if (secrets.isEmpty()) {
      usage();
      return;
    }
    WebhookReceiver receiver;
    try {
      receiver = start(Integer.parseInt(args[0]), secrets, System.out::println);
    } catch (IllegalArgumentException e) {
      System.err.println("bad secret: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      receiver.close();
      stopped.countDown();
    }, "vigil-webhook-receiver-stop"));
    System.out.println("webhook receiver listening on " + receiver.url() + " (" + secrets.size()
        + " secret(s)); Ctrl-C stops it");
    stopped.await();
  }

  private static void usage() {
    System.err.println("usage: WebhookReceiver <port> [<whsec_secret> [<whsec_old_secret>]]");
    System.err.println("  without a secret argument VIGIL_WEBHOOK_SECRET is used; a new secret, if you need one: "
        + WebhookSigner.generateSecret());
    System.exit(2);
  }
}
