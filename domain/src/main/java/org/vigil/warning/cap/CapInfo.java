package org.vigil.warning.cap;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CAP {@code <info>} block: the event and what to do, in one language. A message carries one per language.
 *
 * @param language RFC 3066 tag ({@code en-US}, {@code zh-CN})
 * @param categories at least one
 * @param event the subject event in words ({@code Landslide})
 * @param responseTypes the actions recommended
 * @param urgency how soon to act
 * @param severity how bad
 * @param certainty how sure
 * @param eventCodes system-specific codes of the event, in order
 * @param effective when the information takes effect (null: when sent)
 * @param expires when it stops being valid (null: until cancelled or updated)
 * @param senderName the issuing office, for people
 * @param headline a short statement, for people
 * @param description the hazard in a few sentences
 * @param instruction what people should do
 * @param web a link to more (an absolute URI), or null
 * @param parameters system-specific values (the figures behind a warning), in order
 * @param areas the areas it covers
 */
public record CapInfo(
    String language,
    List<Cap.Category> categories,
    String event,
    List<Cap.ResponseType> responseTypes,
    Cap.Urgency urgency,
    Cap.Severity severity,
    Cap.Certainty certainty,
    Map<String, String> eventCodes,
    OffsetDateTime effective,
    OffsetDateTime expires,
    String senderName,
    String headline,
    String description,
    String instruction,
    String web,
    Map<String, String> parameters,
    List<CapArea> areas) {

  public CapInfo {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(certainty, "certainty");
    categories = List.copyOf(categories);
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("a CAP info block needs at least one category");
    }
    responseTypes = responseTypes == null ? List.of() : List.copyOf(responseTypes);
    eventCodes = ordered(eventCodes);
    parameters = ordered(parameters);
    areas = areas == null ? List.of() : List.copyOf(areas);
  }

  private static Map<String, String> ordered(Map<String, String> m) {
    return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
