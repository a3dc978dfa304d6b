package org.vigil.warning.broadcast;

import java.io.Serializable;
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
 * @param voice how the words are put together for it ({@link VoiceTemplate}); {@link VoiceTemplate#STANDARD} when
 *     the registry names none
 */
public record Loudspeaker(String id, String regionId, URI url, String language, VoiceTemplate voice)
    implements Serializable {
  public Loudspeaker {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(regionId, "regionId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(language, "language");
    voice = voice == null ? VoiceTemplate.STANDARD : voice;
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("loudspeaker " + id + ": " + url + " is not an http(s) URL");
    }
  }

  /** A loudspeaker with the standard voice template. */
  public Loudspeaker(String id, String regionId, URI url, String language) {
    this(id, regionId, url, language, VoiceTemplate.STANDARD);
  }
}
