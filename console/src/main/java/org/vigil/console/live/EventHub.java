package org.vigil.console.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers live events, keeps the newest {@code replayCapacity} of them in a ring buffer for browsers that reconnect
 * ({@code Last-Event-ID}), and hands each event to every connected browser's {@link ClientQueue}.
 */
public final class EventHub {

  private final LiveEvent[] ring;
  private final List<ClientQueue> clients = new CopyOnWriteArrayList<>();
  private final AtomicLong published = new AtomicLong();
  private long nextId = 1;
  private int head;
  private int size;

  public EventHub(int replayCapacity) {
    if (replayCapacity < 1) {
      throw new IllegalArgumentException("replay capacity must be at least 1, got " + replayCapacity);
    }
    ring = new LiveEvent[replayCapacity];
  }

  /** Numbers, keeps and fans out an event for every user; returns it. */
  public LiveEvent publish(String type, String key, String json) {
    return publish(type, key, json, null, null);
  }

  /** An event about one site (null: every user's). */
  public LiveEvent publishSite(String type, String key, String json, String site) {
    return publish(type, key, json, site, null);
  }

  /** Numbers, keeps and fans out an event about a site or regions (both null: every user's); returns it. */
  public LiveEvent publish(String type, String key, String json, String site, java.util.List<String> regions) {
    LiveEvent e;
    synchronized (ring) {
      e = new LiveEvent(nextId++, type, key, json, site, regions);
      ring[(head + size) % ring.length] = e;
      if (size < ring.length) {
        size++;
      } else {
        head = (head + 1) % ring.length;
      }
      // Offered under the lock so that every queue sees ids in order.
      for (ClientQueue c : clients) {
        c.offer(e);
      }
    }
    published.incrementAndGet();
    return e;
  }

  /** The id of the newest event, 0 when none. */
  public long lastId() {
    synchronized (ring) {
      return nextId - 1;
    }
  }

  /**
   * Registers a browser's queue, first filled with the events after {@code lastEventId} when the ring still holds all
   * of them. Returns false (queue registered, nothing replayed) when some were already gone: the browser must reload
   * the snapshot.
   */
  public boolean attach(ClientQueue q, Optional<Long> lastEventId) {
    synchronized (ring) {
      boolean complete = true;
      if (lastEventId.isPresent()) {
        long after = lastEventId.get();
        long oldest = size == 0 ? nextId : ring[head].id();
        // Complete when the ring reaches back to the event after the browser's last one; an id from the future
        // means the console restarted since.
        complete = after >= oldest - 1 && after <= nextId - 1;
        for (LiveEvent e : since(after)) {
          q.offer(e);
        }
      }
      clients.add(q);
      return complete;
    }
  }

  /** Unregisters a queue. */
  public void detach(ClientQueue q) {
    clients.remove(q);
    q.close();
  }

  private List<LiveEvent> since(long after) {
    List<LiveEvent> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      LiveEvent e = ring[(head + i) % ring.length];
      if (e.id() > after) {
        out.add(e);
      }
    }
    return out;
  }

  public int clients() {
    return clients.size();
  }

  public long published() {
    return published.get();
  }
}
