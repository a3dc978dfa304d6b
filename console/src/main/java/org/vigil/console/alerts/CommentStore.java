package org.vigil.console.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.console.http.Json;

/**
 * The operators' comments on alerts, kept in InfluxDB so that a console restart keeps them: measurement {@value
 * #MEASUREMENT}, tags {@code alert_id}, {@code site}, {@code region} (the site's region when the comment was made) and
 * {@code console} (host and port of the console that took it); string fields {@code user}, {@code text} (line breaks
 * and backslashes escaped, {@link #escapeLines}) and {@code at} (ISO-8601, as the API shows it); time = the
 * comment's, made strictly increasing per console so that two comments in one millisecond do not overwrite each
 * other. Written from a background thread, as the audit trail is, so a slow database never delays a request; while InfluxDB is down up to {@code capacity} comments wait and are
 * retried every 5 s, beyond that the oldest are dropped and counted (the audit log still has their text). {@link
 * #load()} reads the newest {@value #PER_ALERT} of every alert back at start.
 */
public final class CommentStore implements AutoCloseable {

  public static final String MEASUREMENT = "alert_comments";
  /** Comments kept per alert (in memory and when loading). */
  public static final int PER_ALERT = 20;

  private static final Logger LOG = LoggerFactory.getLogger(CommentStore.class);

  private record Pending(JsonNode comment, String region) {}

  private final InfluxClient influx;
  private final String database;
  private final String instance;
  private final BlockingQueue<Pending> pending;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private long lastTs;
  private volatile boolean closed;
  private boolean warned;

  /**
   * @param influx where comments are stored, or null to keep them in memory only
   * @param database the database
   * @param capacity comments kept while InfluxDB is unreachable
   * @param instance this console among those writing the database (host:port), the {@code console} tag
   */
  public CommentStore(InfluxClient influx, String database, int capacity, String instance) {
    this.influx = influx;
    this.database = database;
    this.instance = instance;
    this.pending = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::writeLoop, "console-comment-writer");
    writer.setDaemon(true);
    if (influx != null) {
      writer.start();
    }
  }

  /**
   * Queues a comment ({@code alertId}, {@code site}, {@code by}, {@code at}, {@code comment}, as the API shows it)
   * for storing.
   *
   * @param region the region of the comment's site
   */
  public void store(JsonNode comment, String region) {
    if (influx == null) {
      return;
    }
    Pending p = new Pending(comment, region == null ? "" : region);
    while (!pending.offer(p)) {
      if (pending.poll() != null) {
        dropped.incrementAndGet();
      }
    }
  }

  /**
   * The newest {@value #PER_ALERT} comments of every alert in the database, newest first per alert, as the API shows
   * them.
   *
   * @throws RuntimeException when InfluxDB cannot be asked
   */
  public List<ObjectNode> load() throws InterruptedException {
    if (influx == null) {
      return List.of();
    }
    return decode(influx.query(database, "SELECT \"user\", \"text\", \"at\" FROM " + MEASUREMENT
        + " GROUP BY \"alert_id\", \"site\" ORDER BY time DESC LIMIT " + PER_ALERT));
  }

  public long dropped() {
    return dropped.get();
  }

  public long written() {
    return written.get();
  }

  /** The comments in a query answer of {@link #load()}; rows without user or text are skipped. */
  static List<ObjectNode> decode(JsonNode answer) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode series : answer.path("results").path(0).path("series")) {
      String alertId = series.path("tags").path("alert_id").asText("");
      String site = series.path("tags").path("site").asText("");
      List<String> columns = new ArrayList<>();
      series.path("columns").forEach(c -> columns.add(c.asText()));
      int time = columns.indexOf("time");
      int user = columns.indexOf("user");
      int text = columns.indexOf("text");
      int at = columns.indexOf("at");
      if (alertId.isEmpty() || user < 0 || text < 0) {
        continue;
      }
      for (JsonNode row : series.path("values")) {
        if (!row.path(user).isTextual() || !row.path(text).isTextual()) {
          continue;
        }
        String when = at >= 0 && row.path(at).isTextual() ? row.path(at).asText()
            : time >= 0 ? Instant.ofEpochMilli(row.path(time).asLong()).toString() : "";
        out.add(Json.MAPPER.createObjectNode().put("alertId", alertId).put("site", site)
            .put("by", row.path(user).asText()).put("at", when).put("comment", unescapeLines(row.path(text).asText())));
      }
    }
    return out;
  }

  /**
   * The text as stored: line protocol keeps no line break in a string field, so a backslash is stored as {@code \\},
   * a line feed as {@code \n} and a carriage return as {@code \r}; {@link #unescapeLines} undoes it.
   */
  static String escapeLines(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The comment's text from its stored form ({@link #escapeLines}). */
  static String unescapeLines(String stored) {
    StringBuilder b = new StringBuilder(stored.length());
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c == '\\' && i + 1 < stored.length()) {
        char n = stored.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The line protocol of a batch; times strictly increasing over every call. Called by the writer thread only. */
  String encode(List<JsonNode> comments, List<String> regions) {
    LineProtocol.Builder b = new LineProtocol.Builder();
    for (int i = 0; i < comments.size(); i++) {
      JsonNode c = comments.get(i);
      long ms;
      try {
        ms = Instant.parse(c.path("at").asText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        ms = System.currentTimeMillis();
      }
      long ts = Math.max(ms, lastTs + 1);
      lastTs = ts;
      b.measurement(MEASUREMENT).tag("alert_id", c.path("alertId").asText()).tag("site", c.path("site").asText())
          .tag("region", regions.get(i).isEmpty() ? "-" : regions.get(i)).tag("console", instance)
          .field("user", c.path("by").asText()).field("text", escapeLines(c.path("comment").asText()))
          .field("at", c.path("at").asText()).timestamp(ts);
    }
    return b.toString();
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!closed || !pending.isEmpty()) {
      try {
        Pending first = pending.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        pending.drainTo(batch, 499);
        String lines = encode(batch.stream().map(Pending::comment).toList(),
            batch.stream().map(Pending::region).toList());
        while (true) {
          try {
            influx.write(database, lines);
            written.addAndGet(batch.size());
            warned = false;
            break;
          } catch (RuntimeException ex) {
            if (!warned) {
              LOG.warn("cannot store alert comments in InfluxDB ({}); retrying every 5 s", ex.getMessage());
              warned = true;
            }
            if (closed) {
              LOG.warn("{} alert comments not stored: the console stops", batch.size());
              return;
            }
            Thread.sleep(5_000);
          }
        }
        batch.clear();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Writes what is pending (waiting up to 5 s) and stops the writer. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
  }
}
