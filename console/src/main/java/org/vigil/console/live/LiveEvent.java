package org.vigil.console.live;

/**
 * One server-sent event.
 *
 * @param id position in the console's stream, increasing; the browser's {@code Last-Event-ID}
 * @param type the SSE event name: {@code alert}, {@code risk}, {@code readings}, {@code detections}, {@code frame},
 *     {@code rules-status}, {@code rules}, {@code ack}, {@code silence}
 * @param key events with the same non-null key supersede each other in a slow client's queue (a site's risk, a
 *     camera's detections); null for events that must each be delivered (alerts, reading batches)
 * @param json the data, one line of JSON
 */
public record LiveEvent(long id, String type, String key, String json) {}
