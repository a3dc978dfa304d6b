package org.vigil.jobs.warning;

import java.net.URI;
import org.vigil.warning.broadcast.Delivery;
import org.vigil.warning.broadcast.Loudspeaker;
import org.vigil.warning.broadcast.VoiceTemplate;

/**
 * One loudspeaker's delivery of an incident's message, as the broadcast operator keeps it in keyed state (a Flink
 * POJO). The loudspeaker's address, language and voice are copied in, so that a delivery pending across a restore
 * or a registry change reaches the loudspeaker it was meant for, in its words.
 */
public class BroadcastTarget {

  /** Not yet answered or not yet sent. */
  public static final String QUEUED = "queued";

  public String loudspeaker;
  /** The loudspeaker's own region. */
  public String region;
  public String url;
  public String language;
  /** {@link VoiceTemplate} name. */
  public String voice;
  /** The message it delivers. */
  public String identifier;
  /** {@link #QUEUED} or a {@link Delivery.Status} name. */
  public String status = QUEUED;
  public int attempts;
  /** The last failure's reason (kept when a later attempt is under way), else empty. */
  public String reason = "";

  public BroadcastTarget() {}

  static BroadcastTarget of(Loudspeaker l, String identifier) {
    BroadcastTarget t = new BroadcastTarget();
    t.loudspeaker = l.id();
    t.region = l.regionId();
    t.url = l.url().toString();
    t.language = l.language();
    t.voice = l.voice().wireName();
    t.identifier = identifier;
    return t;
  }

  Loudspeaker loudspeaker() {
    return new Loudspeaker(loudspeaker, region, URI.create(url), language,
        VoiceTemplate.fromWire(voice).orElse(VoiceTemplate.STANDARD));
  }

  /** Confirmed, given up or superseded. */
  boolean isFinal() {
    return status.equals(Delivery.Status.CONFIRMED.name()) || status.equals(Delivery.Status.GAVE_UP.name())
        || status.equals(Delivery.Status.SUPERSEDED.name());
  }

  boolean is(Delivery.Status s) {
    return status.equals(s.name());
  }

  /** Takes an event of its delivery. */
  void apply(Delivery d) {
    status = d.status().name();
    attempts = Math.max(attempts, d.attempts());
    if (d.status() != Delivery.Status.SENT && d.status() != Delivery.Status.CONFIRMED) {
      reason = d.reason();
    }
  }
}
