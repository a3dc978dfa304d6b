package org.vigil.console.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.LineProtocol;

/**
 * Every console action, written to the log (logger {@code org.vigil.console.audit}) at once and to InfluxDB
 * measurement {@code console_audit} (tags console, user, role, region, action, outcome; fields target, target_region,
 * detail, remote) from a
 * background thread, so that a slow database never delays a request. Points get strictly increasing millisecond
 * timestamps so two actions of this console in one millisecond do not overwrite each other, and the {@code console}
 * tag (host and port of this console) keeps two consoles writing one database in series of their own. While InfluxDB is down, up to
 * {@code capacity} entries wait and are retried every 5 s; beyond that the oldest are dropped and counted (they are
 * still in the log). The newest 200 entries are also kept in memory for the console's audit view.
 */
public final class AuditLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("org.vigil.console.audit");

  private final InfluxClient influx;
  private final String database;
  private final String instance;
  private final BlockingQueue<AuditEntry> pending;
  private final Deque<AuditEntry> recent = new ArrayDeque<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private long lastTs;
  private volatile boolean closed;
  private boolean warned;

  /**
   * @param influx where to store entries, or null to only log them
   * @param database the database
   * @param capacity entries kept while InfluxDB is unreachable
   * @param instance this console's name among those writing the database (host:port), the {@code console} tag
   */
  public AuditLog(InfluxClient influx, String database, int capacity, String instance) {
    this.influx = influx;
    this.database = database;
    this.instance = instance;
    this.pending = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::writeLoop, "console-audit-writer");
    writer.setDaemon(true);
    if (influx != null) {
      writer.start();
    }
  }

  /** Records an action. */
  public void record(AuditEntry e) {
    LOG.info("audit user={} role={} region={} action={} outcome={} target={} targetRegion={} remote={} {}", e.user(),
        e.role(), e.region(), e.action(), e.outcome(), e.target(), e.targetRegion(), e.remote(), e.detail());
    synchronized (recent) {
      recent.addFirst(e);
      while (recent.size() > 200) {
        recent.removeLast();
      }
    }
    if (influx != null) {
      while (!pending.offer(e)) {
        if (pending.poll() != null) {
          dropped.incrementAndGet();
        }
      }
    }
  }

  /** The newest entries, newest first. */
  public List<AuditEntry> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  public long dropped() {
    return dropped.get();
  }

  public long written() {
    return written.get();
  }

  private void writeLoop() {
    List<AuditEntry> batch = new ArrayList<>();
    while (!closed || !pending.isEmpty()) {
      try {
        AuditEntry first = pending.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        pending.drainTo(batch, 499);
        String lines = encode(batch);
        while (true) {
          try {
            influx.write(database, lines);
            written.addAndGet(batch.size());
            warned = false;
            break;
          } catch (RuntimeException ex) {
            if (!warned) {
              LOG.warn("cannot store the audit trail in InfluxDB ({}); retrying every 5 s, the log has every entry",
                  ex.getMessage());
              warned = true;
            } else {
              LOG.debug("audit write failed again: {}", ex.getMessage());
            }
            if (closed) {
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

  /** The line protocol of a batch; times strictly increasing over every call. Called by the writer thread only. */
  String encode(List<AuditEntry> batch) {
    LineProtocol.Builder b = new LineProtocol.Builder();
    for (AuditEntry e : batch) {
      long ts = Math.max(e.atMs(), lastTs + 1);
      lastTs = ts;
      b.measurement("console_audit").tag("console", instance).tag("user", e.user()).tag("role", e.role())
          .tag("region", e.region()).tag("action", e.action()).tag("outcome", e.outcome()).field("target", e.target())
          .field("target_region", e.targetRegion()).field("detail", e.detail())
          .field("remote", e.remote()).timestamp(ts);
    }
    return b.toString();
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
