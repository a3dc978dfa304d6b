package org.vigil.warning.broadcast;

import java.net.URI;
import java.util.Objects;

/**
 * One loudspeaker point of the emergency-broadcast network: its controller's HTTP endpoint, which receives signed
 * broadcast requests as webhooks do.
 *
 * @param id unique id
 * @param regionId the region it stands in (a village, a township, the county)
 * @param url its controller's endpoint
 * @param language the language it speaks (RFC 3066 tag); the message's text in it, else the first text
 */
public record Loudspeaker(String id, String regionId, URI url, String language) {
  public Loudspeaker {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(regionId, "regionId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(language, "language");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("loudspeaker " + id + ": " + url + " is not an http(s) URL");
    }
  }
}
