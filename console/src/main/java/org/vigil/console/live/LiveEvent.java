package org.vigil.console.live;

import java.util.List;

/**
 * One server-sent event.
 *
 * @param id position in the console's stream, increasing; the browser's {@code Last-Event-ID}
 * @param type the SSE event name: {@code alert}, {@code risk}, {@code readings}, {@code detections}, {@code frame},
 *     {@code rules-status}, {@code rules}, {@code ack}, {@code silence}, {@code warnings}, {@code broadcast},
 *     {@code registry}
 * @param key events with the same non-null key supersede each other in a slow client's queue (a site's risk, a
 *     camera's detections); null for events that must each be delivered (alerts, reading batches)
 * @param json the data, one line of JSON
 * @param site the site the event is about (duty by region: only users answering for it get it), or null
 * @param regions the regions the event is about (a user gets it when one lies in their region), or null
 */
public record LiveEvent(long id, String type, String key, String json, String site, List<String> regions) {

  /** An event for every user. */
  public LiveEvent(long id, String type, String key, String json) {
    this(id, type, key, json, null, null);
  }
}
